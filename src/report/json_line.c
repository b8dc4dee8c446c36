#include "report/json_line.h"

#include "report/plain_text.h"
#include "report/report_private.h"
#include "util/decimal.h"

#include <string.h>

void
json_line_init (JsonLine *line)
{
  line->buf = g_string_sized_new (2 * JSON_LINE_BLOCK);
  line->need_comma = 0;
}

void
json_line_clear (JsonLine *line)
{
  g_string_free (line->buf, TRUE);
}

static inline void
put_char (GString *buf, char c)
{
  string_put (buf, &c, 1);
}

static void
put_uint (GString *buf, guint64 value)
{
  string_advance (buf, decimal_put (string_reserve (buf, 20), value));
}

static gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\';
}

static void
append_escaped (GString *buf, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  put_char (buf, '"');
  for (const char *p = s; *p;)
    {
      const char *run = p;
      while (*p && !needs_escape ((guchar) *p))
        p++;
      string_put (buf, run, (gsize) (p - run));
      if (!*p)
        break;
      guchar c = (guchar) *p++;
      switch (c)
        {
        case '"': string_put (buf, "\\\"", 2); break;
        case '\\': string_put (buf, "\\\\", 2); break;
        case '\b': string_put (buf, "\\b", 2); break;
        case '\f': string_put (buf, "\\f", 2); break;
        case '\n': string_put (buf, "\\n", 2); break;
        case '\r': string_put (buf, "\\r", 2); break;
        case '\t': string_put (buf, "\\t", 2); break;
        default:
          {
            char esc[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            string_put (buf, esc, sizeof esc);
          }
        }
    }
  put_char (buf, '"');
}

/* "name": or "name":"value" in a JsonName. */
static gboolean
prepare (JsonName *prepared, const char *name, const char *value)
{
  gsize name_len = strlen (name);
  gsize value_len = value ? strlen (value) + 2 : 0;
  if (name_len + 3 + value_len > sizeof prepared->text)
    return FALSE;
  memset (prepared->text, 0, sizeof prepared->text);
  char *p = prepared->text;
  *p++ = '"';
  memcpy (p, name, name_len);
  p += name_len;
  *p++ = '"';
  *p++ = ':';
  if (value)
    {
      *p++ = '"';
      memcpy (p, value, value_len - 2);
      p += value_len - 2;
      *p++ = '"';
    }
  prepared->len = (gsize) (p - prepared->text);
  return TRUE;
}

gboolean
json_name_init (JsonName *json_name, const char *name)
{
  return prepare (json_name, name, NULL);
}

gboolean
json_member_init (JsonName *member, const char *name, const char *value)
{
  return prepare (member, name, value);
}

static void
member (JsonLine *line, const char *name)
{
  json_line_commit (line, json_line_name (line, name, strlen (name), 0));
}

void
json_line_flush (JsonLine *line, FILE *out)
{
  fwrite (line->buf->str, 1, line->buf->len, out);
  string_advance (line->buf, line->buf->str);  /* empty */
}

char *
json_line_put_string (JsonLine *line, char *p, const char *value, gsize len)
{
  *p = '"';
  gsize plain = plain_text_copy (p + 1, value, len, TRUE);
  if (plain == len)
    {
      p[len + 1] = '"';
      return p + len + 2;
    }
  /* what was copied is past the line's end, written again escaped */
  json_line_commit (line, p);
  if (g_utf8_validate (value + plain, -1, NULL))
    append_escaped (line->buf, value);
  else
    {
      char *valid = report_utf8 (value);
      append_escaped (line->buf, valid);
      g_free (valid);
    }
  return line->buf->str + line->buf->len;
}

char *
json_line_put_digits (char *at, guint64 value)
{
  return decimal_put (at, value);
}

void
json_line_seconds (JsonLine *line, const char *name, SipscanTime duration)
{
  member (line, name);
  gint64 micros = duration / 1000;
  if (micros < 0)
    {
      put_char (line->buf, '-');
      micros = -micros;
    }
  put_uint (line->buf, (guint64) micros / 1000000);
  char fraction[7] = { '.' };
  guint64 rest = (guint64) micros % 1000000;
  for (int i = 6; i >= 1; i--, rest /= 10)
    fraction[i] = (char) ('0' + rest % 10);
  gsize n = sizeof fraction;
  while (n > 2 && fraction[n - 1] == '0')
    n--;
  string_put (line->buf, fraction, n);
}

static void
open_bracket (JsonLine *line, char bracket)
{
  put_char (line->buf, bracket);
  line->need_comma = 0;
}

static void
open_nested (JsonLine *line, const char *name, char bracket)
{
  member (line, name);
  open_bracket (line, bracket);
}

void
json_line_begin_object (JsonLine *line, const char *name)
{
  open_nested (line, name, '{');
}

void
json_line_begin_array (JsonLine *line, const char *name)
{
  open_nested (line, name, '[');
}

void
json_line_begin_element (JsonLine *line)
{
  json_line_commit (line,
                    json_line_comma (line, string_reserve (line->buf, 1)));
  open_bracket (line, '{');
}

static void
close_nested (JsonLine *line, char bracket)
{
  put_char (line->buf, bracket);
  line->need_comma = 1;
}

void
json_line_end_object (JsonLine *line)
{
  close_nested (line, '}');
}

void
json_line_end_array (JsonLine *line)
{
  close_nested (line, ']');
}
