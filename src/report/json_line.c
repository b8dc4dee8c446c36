#include "report/json_line.h"

#include "report/report_private.h"
#include "util/decimal.h"

void
json_line_init (JsonLine *line)
{
  line->buf = g_string_sized_new (512);
  line->need_comma = FALSE;
}

void
json_line_clear (JsonLine *line)
{
  g_string_free (line->buf, TRUE);
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
  g_string_append_c (buf, '"');
  for (const char *p = s; *p;)
    {
      const char *run = p;
      while (*p && !needs_escape ((guchar) *p))
        p++;
      g_string_append_len (buf, run, p - run);
      if (!*p)
        break;
      guchar c = (guchar) *p++;
      switch (c)
        {
        case '"': g_string_append (buf, "\\\""); break;
        case '\\': g_string_append (buf, "\\\\"); break;
        case '\b': g_string_append (buf, "\\b"); break;
        case '\f': g_string_append (buf, "\\f"); break;
        case '\n': g_string_append (buf, "\\n"); break;
        case '\r': g_string_append (buf, "\\r"); break;
        case '\t': g_string_append (buf, "\\t"); break;
        default:
          {
            char esc[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            g_string_append_len (buf, esc, sizeof esc);
          }
        }
    }
  g_string_append_c (buf, '"');
}

static void
member (JsonLine *line, const char *name)
{
  if (line->need_comma)
    g_string_append_c (line->buf, ',');
  line->need_comma = TRUE;
  if (name)
    {
      append_escaped (line->buf, name);
      g_string_append_c (line->buf, ':');
    }
}

void
json_line_begin (JsonLine *line, const char *type)
{
  g_string_truncate (line->buf, 0);
  g_string_append_c (line->buf, '{');
  line->need_comma = FALSE;
  json_line_string (line, "type", type);
}

void
json_line_end (JsonLine *line, FILE *out)
{
  g_string_append (line->buf, "}\n");
  fwrite (line->buf->str, 1, line->buf->len, out);
}

void
json_line_string (JsonLine *line, const char *name, const char *value)
{
  member (line, name);
  if (!value)
    {
      g_string_append (line->buf, "null");
      return;
    }
  if (g_utf8_validate (value, -1, NULL))
    {
      append_escaped (line->buf, value);
      return;
    }
  char *valid = report_utf8 (value);
  append_escaped (line->buf, valid);
  g_free (valid);
}

void
json_line_uint (JsonLine *line, const char *name, guint64 value)
{
  member (line, name);
  decimal_append (line->buf, value);
}

void
json_line_uint_or_null (JsonLine *line, const char *name, guint64 value)
{
  if (value)
    json_line_uint (line, name, value);
  else
    {
      member (line, name);
      g_string_append (line->buf, "null");
    }
}

void
json_line_bool (JsonLine *line, const char *name, gboolean value)
{
  member (line, name);
  g_string_append (line->buf, value ? "true" : "false");
}

void
json_line_seconds (JsonLine *line, const char *name, SipscanTime duration)
{
  member (line, name);
  gint64 micros = duration / 1000;
  if (micros < 0)
    {
      g_string_append_c (line->buf, '-');
      micros = -micros;
    }
  decimal_append (line->buf, (guint64) micros / 1000000);
  char fraction[8];
  int n = g_snprintf (fraction, sizeof fraction, ".%06d",
                      (int) (micros % 1000000));
  while (n > 2 && fraction[n - 1] == '0')
    n--;
  g_string_append_len (line->buf, fraction, n);
}

static void
open_nested (JsonLine *line, const char *name, char bracket)
{
  member (line, name);
  g_string_append_c (line->buf, bracket);
  line->need_comma = FALSE;
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
  open_nested (line, NULL, '{');
}

static void
close_nested (JsonLine *line, char bracket)
{
  g_string_append_c (line->buf, bracket);
  line->need_comma = TRUE;
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
