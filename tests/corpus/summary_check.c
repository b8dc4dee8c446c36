/* Reads sipscan's JSON Lines and checks its summary: present, last, and
 * every frame counted in exactly one frames_* counter. Prints the counts.
 * Exit 0 when it adds up, 1 otherwise. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static const char *const frame_counters[] = {
  "frames_sip", "frames_not_sip", "frames_malformed", "frames_truncated",
  "frames_unsupported", "frames_ip_fragment", "frames_tcp", "frames_sctp",
};

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: summary_check SIPSCAN_JSON_OUTPUT\n");
      return 2;
    }
  char *contents = NULL;
  GError *error = NULL;
  if (!g_file_get_contents (argv[1], &contents, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  char **lines = g_strsplit (contents, "\n", -1);
  g_free (contents);
  JsonParser *parser = json_parser_new ();
  JsonObject *summary = NULL;
  guint n_records = 0, summary_index = 0;
  int status = 0;
  for (guint i = 0; lines[i]; i++)
    {
      if (!*lines[i])
        continue;
      n_records++;
      if (!json_parser_load_from_data (parser, lines[i], -1, &error))
        {
          fprintf (stderr, "line %u is not JSON: %s\n", i + 1,
                   error->message);
          g_clear_error (&error);
          status = 1;
          continue;
        }
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member (object, "type"), "summary")
          == 0)
        {
          if (summary)
            json_object_unref (summary);
          summary = json_object_ref (object);
          summary_index = n_records;
        }
    }
  if (!summary)
    {
      fprintf (stderr, "no summary record\n");
      return 1;
    }
  if (summary_index != n_records)
    {
      fprintf (stderr, "the summary is not the last record\n");
      status = 1;
    }
  gint64 frames = json_object_get_int_member (summary, "frames");
  gint64 sum = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (frame_counters); i++)
    sum += json_object_get_int_member (summary, frame_counters[i]);
  printf ("frames %" G_GINT64_FORMAT ", counted %" G_GINT64_FORMAT
          ", sip frames %" G_GINT64_FORMAT ", sip messages %" G_GINT64_FORMAT
          "\n", frames, sum,
          json_object_get_int_member (summary, "frames_sip"),
          json_object_get_int_member (summary, "sip_messages"));
  if (frames != sum)
    {
      fprintf (stderr, "frame accounting does not add up\n");
      status = 1;
    }
  json_object_unref (summary);
  g_object_unref (parser);
  g_strfreev (lines);
  return status;
}
