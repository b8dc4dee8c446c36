/* Checks the summary sipscan --format json ends with (the last line of
 * FILE): the eight frames_* counters add up to frames, and each
 * assertion holds.
 *   summary_assert FILE [COUNTER=N | COUNTER>N | 'LAYER: REASON'>N]...
 * A name with ": " is a reason of the summary's reasons array. Prints the
 * values it checked; exit 0 when all hold, 1 otherwise. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const frame_counters[] = {
  "frames_sip", "frames_not_sip", "frames_malformed", "frames_truncated",
  "frames_unsupported", "frames_ip_fragment", "frames_tcp", "frames_sctp",
};

/* The last non-empty line of path, read from its end. */
static char *
last_line (const char *path)
{
  FILE *in = fopen (path, "rb");
  if (in == NULL)
    return NULL;
  fseek (in, 0, SEEK_END);
  long size = ftell (in), from = size > 65536 ? size - 65536 : 0;
  fseek (in, from, SEEK_SET);
  char *tail = g_malloc0 ((gsize) (size - from) + 1);
  size_t n = fread (tail, 1, (size_t) (size - from), in);
  fclose (in);
  while (n > 0 && tail[n - 1] == '\n')
    tail[--n] = '\0';
  char *start = strrchr (tail, '\n');
  char *line = g_strdup (start ? start + 1 : tail);
  g_free (tail);
  return line;
}

static gint64
reason_count (JsonObject *summary, const char *name)
{
  JsonArray *reasons = json_object_get_array_member (summary, "reasons");
  for (guint i = 0; reasons && i < json_array_get_length (reasons); i++)
    {
      JsonObject *r = json_array_get_object_element (reasons, i);
      g_autofree char *full = g_strdup_printf (
          "%s: %s", json_object_get_string_member (r, "layer"),
          json_object_get_string_member (r, "reason"));
      if (strcmp (full, name) == 0)
        return json_object_get_int_member (r, "count");
    }
  return 0;
}

static gboolean
check (JsonObject *summary, const char *assertion)
{
  const char *op = strpbrk (assertion, "=>");
  if (op == NULL)
    {
      fprintf (stderr, "not an assertion: %s\n", assertion);
      return FALSE;
    }
  g_autofree char *name = g_strndup (assertion, (gsize) (op - assertion));
  gint64 want = g_ascii_strtoll (op + 1, NULL, 10);
  gint64 value;
  if (strstr (name, ": ") != NULL)
    value = reason_count (summary, name);
  else if (json_object_has_member (summary, name))
    value = json_object_get_int_member (summary, name);
  else
    {
      fprintf (stderr, "no counter %s in the summary\n", name);
      return FALSE;
    }
  gboolean ok = *op == '=' ? value == want : value > want;
  printf ("%s %s = %" G_GINT64_FORMAT " (want %c %" G_GINT64_FORMAT ")\n",
          ok ? "ok  " : "FAIL", name, value, *op, want);
  return ok;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: summary_assert FILE [ASSERTION]...\n");
      return 2;
    }
  g_autofree char *line = last_line (argv[1]);
  JsonParser *parser = json_parser_new ();
  GError *error = NULL;
  if (line == NULL || !json_parser_load_from_data (parser, line, -1, &error))
    {
      fprintf (stderr, "%s: no JSON summary: %s\n", argv[1],
               error ? error->message : "cannot read");
      return 1;
    }
  JsonObject *summary = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member (summary, "type"), "summary"))
    {
      fprintf (stderr, "%s: the last line is not the summary\n", argv[1]);
      return 1;
    }
  int status = 0;
  gint64 frames = json_object_get_int_member (summary, "frames"), sum = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (frame_counters); i++)
    sum += json_object_get_int_member (summary, frame_counters[i]);
  printf ("%s frames_* add up to frames: %" G_GINT64_FORMAT " of %"
          G_GINT64_FORMAT "\n", sum == frames ? "ok  " : "FAIL", sum, frames);
  if (sum != frames)
    status = 1;
  for (int i = 2; i < argc; i++)
    if (!check (summary, argv[i]))
      status = 1;
  g_object_unref (parser);
  return status;
}
