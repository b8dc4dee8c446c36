#include "report/finding_spool.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A stored record: its length (guint32), the record with each string
 * pointer replaced by the string's offset in the stored record (0 for
 * NULL), then the strings. */
struct _FindingSpool {
  SpoolLayout layout;
  guint64 count;
  GByteArray *memory;   /* the records not in the file, in order */
  FILE *file;           /* the earlier records, when they outgrew memory */
  long file_bytes;      /* written completely */
  gboolean no_file;     /* the temporary file failed: memory only */
  GByteArray *scratch;  /* one record being read back, aligned */
};

FindingSpool *
finding_spool_new (const SpoolLayout *layout)
{
  FindingSpool *spool = g_new0 (FindingSpool, 1);
  spool->layout = *layout;
  spool->memory = g_byte_array_new ();
  spool->scratch = g_byte_array_new ();
  return spool;
}

void
finding_spool_free (FindingSpool *spool)
{
  if (!spool)
    return;
  if (spool->file)
    fclose (spool->file);
  g_byte_array_free (spool->memory, TRUE);
  g_byte_array_free (spool->scratch, TRUE);
  g_free (spool);
}

guint64
finding_spool_count (const FindingSpool *spool)
{
  return spool->count;
}

static const char **
string_at (gpointer record, gsize offset)
{
  return (const char **) ((char *) record + offset);
}

static void
spool_to_file (FindingSpool *spool)
{
  if (!spool->file)
    spool->file = tmpfile ();
  if (!spool->file
      || fwrite (spool->memory->data, 1, spool->memory->len, spool->file)
             != spool->memory->len)
    {
      spool->no_file = TRUE;
      return;
    }
  spool->file_bytes += (long) spool->memory->len;
  g_byte_array_set_size (spool->memory, 0);
}

void
finding_spool_add (FindingSpool *spool, gconstpointer record)
{
  const SpoolLayout *layout = &spool->layout;
  gsize sizes[SPOOL_MAX_STRINGS];  /* of each string with its NUL; 0: NULL */
  g_assert (layout->n_strings <= SPOOL_MAX_STRINGS);
  gsize total = sizeof (guint32) + layout->size;
  for (guint i = 0; i < layout->n_strings; i++)
    {
      const char *s = *string_at ((gpointer) record,
                                  layout->string_offsets[i]);
      sizes[i] = s ? strlen (s) + 1 : 0;
      total += sizes[i];
    }
  /* Spilling before memory would pass the threshold keeps the array at
   * SPOOL_MEMORY_BYTES, where growing past it would double it. */
  if (spool->memory->len > 0
      && spool->memory->len + total > SPOOL_MEMORY_BYTES && !spool->no_file)
    spool_to_file (spool);
  guint start = spool->memory->len;
  g_byte_array_set_size (spool->memory, start + (guint) total);
  guint8 *out = spool->memory->data + start;
  guint32 len = (guint32) total;
  memcpy (out, &len, sizeof len);
  guint8 *copy = out + sizeof len;
  memcpy (copy, record, layout->size);
  gsize next = layout->size;
  for (guint i = 0; i < layout->n_strings; i++)
    {
      gsize offset = layout->string_offsets[i];
      uintptr_t stored = 0;
      if (sizes[i])
        {
          memcpy (copy + next,
                  *string_at ((gpointer) record, offset), sizes[i]);
          stored = next;
          next += sizes[i];
        }
      memcpy (copy + offset, &stored, sizeof stored);
    }
  spool->count++;
  if (spool->memory->len >= SPOOL_MEMORY_BYTES && !spool->no_file)
    spool_to_file (spool);
}

/* Rebuilds a stored record (without its length) in the scratch buffer
 * and hands it to func. */
static void
spool_deliver (FindingSpool *spool, const guint8 *stored, gsize len,
               SpoolFunc func, gpointer data)
{
  g_byte_array_set_size (spool->scratch, (guint) len);
  guint8 *record = spool->scratch->data;
  memcpy (record, stored, len);
  for (guint i = 0; i < spool->layout.n_strings; i++)
    {
      gsize offset = spool->layout.string_offsets[i];
      uintptr_t at;
      memcpy (&at, record + offset, sizeof at);
      *string_at (record, offset) = at ? (const char *) record + at : NULL;
    }
  func (record, data);
}

static void
spool_replay_file (FindingSpool *spool, SpoolFunc func, gpointer data)
{
  if (!spool->file || fseek (spool->file, 0, SEEK_SET) != 0)
    return;
  GByteArray *stored = g_byte_array_new ();
  long left = spool->file_bytes;
  guint32 len;
  while (left >= (long) sizeof len
         && fread (&len, sizeof len, 1, spool->file) == 1
         && len >= sizeof len + spool->layout.size && len <= left)
    {
      gsize body = len - sizeof len;
      g_byte_array_set_size (stored, (guint) body);
      if (fread (stored->data, 1, body, spool->file) != body)
        break;
      spool_deliver (spool, stored->data, body, func, data);
      left -= (long) len;
    }
  g_byte_array_free (stored, TRUE);
  fseek (spool->file, 0, SEEK_END);
}

void
finding_spool_foreach (FindingSpool *spool, SpoolFunc func, gpointer data)
{
  spool_replay_file (spool, func, data);
  /* by offset: an empty array's data may be NULL */
  for (guint at = 0; at < spool->memory->len;)
    {
      const guint8 *p = spool->memory->data + at;
      guint32 len;
      memcpy (&len, p, sizeof len);
      spool_deliver (spool, p + sizeof len, len - sizeof len, func, data);
      at += len;
    }
}
