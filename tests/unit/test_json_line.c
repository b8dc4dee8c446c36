#include "report/json_line.h"
#include "report/plain_text.h"

#include <string.h>

/* The line json_line writes, without its line end. */
static char *
written (JsonLine *line)
{
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&text, &size);
  json_line_end (line, out);
  json_line_flush (line, out);
  fclose (out);
  g_assert_true (size > 0 && text[size - 1] == '\n');
  text[size - 1] = '\0';
  return text;
}

static void
test_strings_are_escaped_and_made_valid (void)
{
  JsonLine line;
  json_line_init (&line);
  json_line_begin (&line, "t");
  json_line_string (&line, "s", "a\"b\\c\n\t\x01/é");
  json_line_string (&line, "bad", "x\xff");
  json_line_string (&line, "none", NULL);
  char *text = written (&line);
  g_assert_cmpstr (text, ==,
                   "{\"type\":\"t\",\"s\":\"a\\\"b\\\\c\\n\\t\\u0001/é\","
                   "\"bad\":\"x\xef\xbf\xbd\",\"none\":null}");
  free (text);
  json_line_clear (&line);
}

static void
test_numbers_and_nesting (void)
{
  JsonLine line;
  json_line_init (&line);
  json_line_begin (&line, "n");
  json_line_uint (&line, "max", G_MAXUINT64);
  char *p = json_line_row (&line, 3);
  p = json_line_put_uint_or_null (json_put_name (p, "zero"), 0);
  p = json_put_bool (json_put_name (p, "yes"), TRUE);
  p = json_put_bool (json_put_name (p, "no"), FALSE);
  json_line_commit (&line, p);
  json_line_seconds (&line, "whole", 35 * SIPSCAN_TIME_PER_SECOND);
  json_line_seconds (&line, "micros", G_GINT64_CONSTANT (33989470123));
  json_line_seconds (&line, "negative", -1500000);
  json_line_begin_object (&line, "o");
  json_line_uint (&line, "a", 1);
  json_line_end_object (&line);
  json_line_begin_array (&line, "list");
  for (int i = 0; i < 2; i++)
    {
      json_line_begin_element (&line);
      json_line_uint (&line, "i", (guint64) i);
      json_line_end_object (&line);
    }
  json_line_end_array (&line);
  char *text = written (&line);
  g_assert_cmpstr (text, ==,
                   "{\"type\":\"n\",\"max\":18446744073709551615,"
                   "\"zero\":null,\"yes\":true,\"no\":false,\"whole\":35.0,"
                   "\"micros\":33.98947,\"negative\":-0.0015,"
                   "\"o\":{\"a\":1},\"list\":[{\"i\":0},{\"i\":1}]}");
  free (text);
  json_line_clear (&line);
}

/* Every width of number, as printf writes it. */
static void
test_numbers_format_as_printf_does (void)
{
  JsonLine line;
  json_line_init (&line);
  json_line_begin (&line, "d");
  GString *expected = g_string_new ("{\"type\":\"d\"");
  for (guint64 power = 1;; power *= 10)
    {
      const guint64 near[] = { power - 1, power, power + 1, power * 9 + 1 };
      for (gsize i = 0; i < G_N_ELEMENTS (near); i++)
        {
          json_line_uint (&line, "n", near[i]);
          g_string_append_printf (expected, ",\"n\":%" G_GUINT64_FORMAT,
                                  near[i]);
        }
      if (power > G_MAXUINT64 / 10)
        break;
    }
  /* where decimal_put leaves 64 bits for 32 */
  const guint64 edges[] = { G_MAXUINT32, (guint64) G_MAXUINT32 + 1,
                            G_MAXUINT64, G_MAXUINT64 - 1 };
  for (gsize i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      json_line_uint (&line, "n", edges[i]);
      g_string_append_printf (expected, ",\"n\":%" G_GUINT64_FORMAT, edges[i]);
    }
  g_string_append_c (expected, '}');
  char *text = written (&line);
  g_assert_cmpstr (text, ==, expected->str);
  free (text);
  g_string_free (expected, TRUE);
  json_line_clear (&line);
}

/* A value the caller writes where json_line_name leaves room. */
static void
test_values_written_in_place (void)
{
  JsonLine line;
  json_line_init (&line);
  json_line_begin (&line, "p");
  json_line_begin_object (&line, "o");
  for (int i = 0; i < 2; i++)
    {
      char *p = json_line_name (&line, "raw", 3, 2);
      memcpy (p, "[]", 2);
      json_line_commit (&line, p + 2);
    }
  json_line_end_object (&line);
  char *p = json_line_name (&line, "long", 4, 1000);
  memset (p, '1', 1000);
  json_line_commit (&line, p + 1000);
  char *text = written (&line);
  const char start[] = "{\"type\":\"p\",\"o\":{\"raw\":[],\"raw\":[]},\"long\":";
  g_assert_true (g_str_has_prefix (text, start));
  g_assert_cmpuint (strspn (text + strlen (start), "1"), ==, 1000);
  g_assert_cmpstr (text + strlen (start) + 1000, ==, "}");
  free (text);
  json_line_clear (&line);
}

/* Names and members made ready once, written in a row. */
static void
test_prepared_names (void)
{
  JsonName name, longest, too_long, member, longest_member, too_long_member;
  g_assert_true (json_name_init (&name, "accepted"));
  g_assert_true (json_name_init (&longest, "abcdefghijklmnopqrstuvwxyz123"));
  g_assert_false (json_name_init (&too_long, "abcdefghijklmnopqrstuvwxyz1234"));
  g_assert_true (json_member_init (&member, "outcome", "wrong_credentials"));
  g_assert_false (json_member_init (&too_long_member, "outcome",
                                    "wrong_credentials1234"));
  g_assert_true (json_member_init (&longest_member, "outcome",
                                   "wrong_credentials123"));
  JsonLine line;
  json_line_init (&line);
  json_line_begin (&line, "n");
  char *p = json_line_row (&line, 4);
  for (guint64 i = 0; i < 2; i++)
    p = json_line_put_uint (json_put_prepared (p, &name), i);
  p = json_line_put_uint_or_null (json_put_prepared (p, &longest), 0);
  p = json_put_prepared (p, &member);
  json_line_commit (&line, p);
  char *text = written (&line);
  g_assert_cmpstr (text, ==,
                   "{\"type\":\"n\",\"accepted\":0,\"accepted\":1,"
                   "\"abcdefghijklmnopqrstuvwxyz123\":null,"
                   "\"outcome\":\"wrong_credentials\"}");
  free (text);
  json_line_clear (&line);
}

/* Lines are kept until they fill a block, then written out whole; the
 * rest at the flush. */
static void
test_lines_written_in_blocks (void)
{
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&text, &size);
  JsonLine line;
  json_line_init (&line);
  GString *expected = g_string_new (NULL);
  for (guint64 i = 0; i < 1000; i++)
    {
      json_line_begin (&line, "b");
      json_line_uint (&line, "i", i);
      json_line_string (&line, "s", i % 3 ? "plain" : "a\"b");
      json_line_end (&line, out);
      g_string_append_printf (expected,
                              "{\"type\":\"b\",\"i\":%" G_GUINT64_FORMAT
                              ",\"s\":\"%s\"}\n",
                              i, i % 3 ? "plain" : "a\\\"b");
      fflush (out);
      g_assert_cmpuint (size, <=, expected->len);
      g_assert_cmpuint (size + JSON_LINE_BLOCK, >, expected->len);
      g_assert_cmpmem (text, size, expected->str, size);
    }
  json_line_flush (&line, out);
  fclose (out);
  g_assert_cmpstr (text, ==, expected->str);
  free (text);
  g_string_free (expected, TRUE);
  json_line_clear (&line);
}

/* A string to escape, at every length around the 16-byte blocks the plain
 * copy looks at, with the byte to escape first, in the middle and last:
 * written again from its quote, after other members. */
static void
test_escapes_at_block_edges (void)
{
  for (gsize len = 1; len <= 40; len++)
    for (gsize at = 0; at < len; at += MAX (len / 2, 1))
      {
        char value[41];
        memset (value, 'x', len);
        value[len] = '\0';
        value[at] = '\n';
        JsonLine line;
        json_line_init (&line);
        json_line_begin (&line, "e");
        json_line_string (&line, "before", "plain");
        json_line_string (&line, "s", value);
        json_line_uint (&line, "after", 1);
        char *text = written (&line);
        GString *expected = g_string_new ("{\"type\":\"e\",\"before\":\"plain\","
                                          "\"s\":\"");
        g_string_append_len (expected, value, (gssize) at);
        g_string_append (expected, "\\n");
        g_string_append (expected, value + at + 1);
        g_string_append (expected, "\",\"after\":1}");
        g_assert_cmpstr (text, ==, expected->str);
        g_string_free (expected, TRUE);
        free (text);
        json_line_clear (&line);
      }
}

/* plain_text_run and plain_text_copy against a look at each byte: every
 * length up to 40, the one byte to escape at every place. */
static void
test_plain_run_stops_at_the_first_byte_to_escape (void)
{
  static const char escapes[] = { '"', '\\', '\x1f', '\x7f', '\x80', '\n' };
  char text[40], copy[sizeof text + 1];
  for (gsize len = 0; len <= sizeof text; len++)
    for (gsize at = 0; at <= len; at++)
      for (gsize e = 0; e < G_N_ELEMENTS (escapes); e++)
        {
          for (gsize i = 0; i < sizeof text; i++)
            text[i] = (char) ('a' + i % 26);
          if (at < len)
            text[at] = escapes[e];
          gboolean quote = escapes[e] == '"' || escapes[e] == '\\';
          g_assert_cmpuint (plain_text_run (text, len, TRUE), ==, at);
          g_assert_cmpuint (plain_text_run (text, len, FALSE), ==,
                            quote ? len : at);
          memset (copy, '#', sizeof copy);
          g_assert_cmpuint (plain_text_copy (copy, text, len, TRUE), ==, at);
          g_assert_cmpmem (copy, at, text, at);
          for (gsize i = len; i < sizeof copy; i++)
            g_assert_cmpint (copy[i], ==, '#');
        }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json_line/strings_are_escaped_and_made_valid",
                   test_strings_are_escaped_and_made_valid);
  g_test_add_func ("/json_line/numbers_and_nesting",
                   test_numbers_and_nesting);
  g_test_add_func ("/json_line/numbers_format_as_printf_does",
                   test_numbers_format_as_printf_does);
  g_test_add_func ("/json_line/values_written_in_place",
                   test_values_written_in_place);
  g_test_add_func ("/json_line/prepared_names", test_prepared_names);
  g_test_add_func ("/json_line/lines_written_in_blocks",
                   test_lines_written_in_blocks);
  g_test_add_func ("/json_line/escapes_at_block_edges",
                   test_escapes_at_block_edges);
  g_test_add_func ("/json_line/plain_run_stops_at_the_first_byte_to_escape",
                   test_plain_run_stops_at_the_first_byte_to_escape);
  return g_test_run ();
}
