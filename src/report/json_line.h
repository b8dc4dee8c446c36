/* One JSON object written as one line (JSON Lines), member by member.
 * json-glib's builder and generator took about 10 µs per finding, as
 * long as analysing a few dozen messages; this writes straight into a
 * reused buffer. Strings are made valid UTF-8 and escaped (RFC 8259 §7). */
#pragma once

#include "sipscan.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  GString *buf;
  gboolean need_comma;
} JsonLine;

void json_line_init (JsonLine *line);
void json_line_clear (JsonLine *line);

/* {"type":"TYPE" */
void json_line_begin (JsonLine *line, const char *type);
/* } and a line end, written to out. */
void json_line_end (JsonLine *line, FILE *out);

/* The writers of the most common members take the name's length; their
 * inline forms below compute it, at compile time for a literal. */
void json_line_string_n (JsonLine *line, const char *name, gsize name_len,
                         const char *value);
void json_line_uint_n (JsonLine *line, const char *name, gsize name_len,
                       guint64 value);
void json_line_uint_or_null_n (JsonLine *line, const char *name,
                               gsize name_len, guint64 value);

static inline void
json_line_string (JsonLine *line, const char *name, const char *value)
{
  json_line_string_n (line, name, strlen (name), value);
}

static inline void
json_line_uint (JsonLine *line, const char *name, guint64 value)
{
  json_line_uint_n (line, name, strlen (name), value);
}

/* null for 0 ("none" for frames and statuses) */
static inline void
json_line_uint_or_null (JsonLine *line, const char *name, guint64 value)
{
  json_line_uint_or_null_n (line, name, strlen (name), value);
}

void json_line_bool (JsonLine *line, const char *name, gboolean value);
/* A duration in seconds with its microseconds: 35.0, 33.98947. */
void json_line_seconds (JsonLine *line, const char *name,
                        SipscanTime duration);

/* Nesting: "name":{ ... } and "name":[ {...}, ... ]. */
void json_line_begin_object (JsonLine *line, const char *name);
void json_line_begin_array (JsonLine *line, const char *name);
void json_line_begin_element (JsonLine *line);  /* { inside an array */
void json_line_end_object (JsonLine *line);
void json_line_end_array (JsonLine *line);
