/* Findings kept for a report that prints them grouped at the end: records
 * of one fixed layout (a struct with string pointers), copied with their
 * strings, in the order added. The first SPOOL_MEMORY_BYTES stay in
 * memory; past that, records go to an unlinked temporary file, so memory
 * does not grow with the number of findings. Without a usable temporary
 * file they stay in memory. */
#pragma once

#include <glib.h>

#define SPOOL_MEMORY_BYTES (1u << 18)

#define SPOOL_MAX_STRINGS 8

typedef struct {
  gsize size;                  /* of the record */
  const gsize *string_offsets; /* of its const char * members, at most
                                  SPOOL_MAX_STRINGS */
  guint n_strings;
} SpoolLayout;

typedef struct _FindingSpool FindingSpool;

FindingSpool *finding_spool_new (const SpoolLayout *layout);
void finding_spool_free (FindingSpool *spool);

/* Copies record and the strings it points to. */
void finding_spool_add (FindingSpool *spool, gconstpointer record);
guint64 finding_spool_count (const FindingSpool *spool);

/* Calls func with each record in the order added; the record and its
 * strings are valid during the call only. */
typedef void (*SpoolFunc) (gconstpointer record, gpointer data);
void finding_spool_foreach (FindingSpool *spool, SpoolFunc func,
                            gpointer data);
