/* One JSON object written as one line (JSON Lines), member by member.
 * json-glib's builder and generator took about 10 µs per finding, as
 * long as analysing a few dozen messages; this writes straight into a
 * reused buffer. Strings are made valid UTF-8 and escaped (RFC 8259 §7). */
#pragma once

#include "sipscan.h"

#include "report/string_put.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  GString *buf;  /* lines not yet written out, then the line being built */
  guint need_comma;  /* 1 after a member or element, 0 after a bracket */
} JsonLine;

/* Lines are written out together once they fill this many bytes: an
 * fwrite per line (it locks the stream) was a tenth of a line's cost.
 * Small enough to stay in L1 and, with a line or two more, below the
 * 4 KiB from which glibc's memcpy switches to rep movsb. */
#define JSON_LINE_BLOCK 3072

void json_line_init (JsonLine *line);
void json_line_clear (JsonLine *line);

/* At p, the comma before a member or element where one is due; returns
 * where that goes. The comma is stored either way, and kept only when
 * due: no branch. */
static inline char *
json_line_comma (JsonLine *line, char *p)
{
  *p = ',';
  p += line->need_comma;
  line->need_comma = 1;
  return p;
}

/* The member's name, "name": after a comma where one is due, with room
 * for value_room more bytes after it: where its value goes. The value is
 * written there, valid JSON, and json_line_commit ends the line where it
 * stops. Member names are ours: plain ASCII, nothing to escape. Inline,
 * so that a literal name is stored with a few moves. */
static inline char *
json_line_name (JsonLine *line, const char *name, gsize name_len,
                gsize value_room)
{
  char *p = json_line_comma (
      line, string_reserve (line->buf, 4 + name_len + value_room));
  *p++ = '"';
  memcpy (p, name, name_len);
  p += name_len;
  *p++ = '"';
  *p++ = ':';
  return p;
}

/* Ends the line at end, which must lie in the room reserved: a row that
 * wrote more members than it reserved for stops here. */
static inline void
json_line_commit (JsonLine *line, char *end)
{
  g_assert ((gsize) (end - line->buf->str) < line->buf->allocated_len);
  string_advance (line->buf, end);
}

/* {"type":"TYPE" starts the line. The type is ours, plain ASCII. */
static inline void
json_line_begin (JsonLine *line, const char *type)
{
  gsize type_len = strlen (type);
  static const char start[] = "{\"type\":\"";
  char *p = string_reserve (line->buf, sizeof start + type_len);
  memcpy (p, start, sizeof start - 1);
  p += sizeof start - 1;
  memcpy (p, type, type_len);
  p += type_len;
  *p++ = '"';
  json_line_commit (line, p);
  line->need_comma = 1;
}

/* Writes to out the lines not yet written: before anything else is
 * written to out, and at the end. */
void json_line_flush (JsonLine *line, FILE *out);

/* } and a line end; the lines so far are written to out once they fill
 * a block. */
static inline void
json_line_end (JsonLine *line, FILE *out)
{
  string_put (line->buf, "}\n", 2);
  if (line->buf->len >= JSON_LINE_BLOCK)
    json_line_flush (line, out);
}

/* A member name known only at run time but written often, made ready
 * once: "name": and its length. The whole slot is copied, a fixed size
 * that the compiler copies with a few moves; what is past the name is
 * overwritten by the value. */
typedef struct {
  char text[32];
  gsize len;
} JsonName;

/* FALSE if name is too long for a JsonName. */
gboolean json_name_init (JsonName *json_name, const char *name);
/* A whole member made ready, "name":"value", for a value that is ours:
 * plain ASCII, nothing to escape. FALSE if too long for a JsonName. */
gboolean json_member_init (JsonName *member, const char *name,
                           const char *value);

/* Values written where json_line_name left room for them; each returns
 * the value's end. */
#define JSON_LINE_UINT_ROOM 20
char *json_line_put_digits (char *at, guint64 value);

/* Inline for one digit: most counts. */
static inline char *
json_line_put_uint (char *at, guint64 value)
{
  if (value >= 10)
    return json_line_put_digits (at, value);
  *at = (char) ('0' + value);
  return at + 1;
}

/* null for 0 ("none" for frames and statuses) */
static inline char *
json_line_put_uint_or_null (char *at, guint64 value)
{
  if (value)
    return json_line_put_uint (at, value);
  memcpy (at, "null", 4);
  return at + 4;
}

/* A row of members after another member, each with a value of bounded
 * size (a number, a time, an address, a member made ready), written at a
 * cursor in room reserved once: one check for the row, not one per
 * member. json_line_row reserves room for n_members and returns the
 * cursor; the json_put_ functions and the json_line_put_ ones write at
 * the cursor and return its new place; json_line_commit ends the row. */
#define JSON_ROW_NAME_MAX 32     /* a member name's bytes */
#define JSON_ROW_VALUE_MAX 90    /* a value's, quotes included */
#define JSON_ROW_MEMBER_ROOM (4 + JSON_ROW_NAME_MAX + JSON_ROW_VALUE_MAX)

static inline char *
json_line_row (JsonLine *line, guint n_members)
{
  return string_reserve (line->buf, n_members * JSON_ROW_MEMBER_ROOM);
}

static inline char *
json_put_literal (char *p, const char *text, gsize len)
{
  memcpy (p, text, len);
  return p + len;
}

/* ,"name": for a literal name, its comma and quotes folded into it. */
#define json_put_name(p, name)                                             \
  (G_STATIC_ASSERT_EXPR (sizeof (name) <= JSON_ROW_NAME_MAX + 1),          \
   json_put_literal ((p), ",\"" name "\":", sizeof (",\"" name "\":") - 1))

static inline char *
json_put_bool (char *p, gboolean value)
{
  return value ? json_put_literal (p, "true", 4)
               : json_put_literal (p, "false", 5);
}

/* , and a name or a whole member made ready. */
static inline char *
json_put_prepared (char *p, const JsonName *prepared)
{
  *p++ = ',';
  memcpy (p, prepared->text, sizeof prepared->text);
  return p + prepared->len;
}

/* The string value of len bytes at p, where json_line_name left room for
 * them and two quotes; returns its end. One that needs escaping is
 * written again, escaped, at the line's end from p on. */
char *json_line_put_string (JsonLine *line, char *p, const char *value,
                            gsize len);

/* A string member, or null for NULL: the name and a plain value in one
 * reservation. */
static inline void
json_line_string (JsonLine *line, const char *name, const char *value)
{
  gsize len = value ? strlen (value) : 2;  /* "null" takes as much */
  char *p = json_line_name (line, name, strlen (name), len + 2);
  json_line_commit (line, value ? json_line_put_string (line, p, value, len)
                                : json_put_literal (p, "null", 4));
}

static inline void
json_line_uint (JsonLine *line, const char *name, guint64 value)
{
  char *at = json_line_name (line, name, strlen (name), JSON_LINE_UINT_ROOM);
  json_line_commit (line, json_line_put_uint (at, value));
}

/* A duration in seconds with its microseconds: 35.0, 33.98947. */
void json_line_seconds (JsonLine *line, const char *name,
                        SipscanTime duration);

/* Nesting: "name":{ ... } and "name":[ {...}, ... ]. */
void json_line_begin_object (JsonLine *line, const char *name);
void json_line_begin_array (JsonLine *line, const char *name);
void json_line_begin_element (JsonLine *line);  /* { inside an array */
void json_line_end_object (JsonLine *line);
void json_line_end_array (JsonLine *line);
