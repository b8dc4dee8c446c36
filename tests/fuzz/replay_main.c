/* main for builds without libFuzzer: runs the harness it is linked with
 * on each file given, and on the files of each folder given (sorted, not
 * recursively, hidden ones skipped), as libFuzzer runs a crash file. */
#include "fuzz_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input in a buffer of exactly its size, so that the sanitizers see a
 * read one byte past it. */
static gboolean
replay_file (const char *path)
{
  gchar *contents;
  gsize len;
  GError *error = NULL;
  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      g_error_free (error);
      return FALSE;
    }
  uint8_t *data = malloc (len);
  memcpy (data, contents, len);
  g_free (contents);
  LLVMFuzzerTestOneInput (data, len);
  free (data);
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
replay_folder (const char *path, guint *replayed)
{
  GError *error = NULL;
  GDir *dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "replay: %s\n", error->message);
      g_error_free (error);
      return FALSE;
    }
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);
  gboolean ok = TRUE;
  for (guint i = 0; i < names->len; i++)
    {
      ok &= replay_file (names->pdata[i]);
      (*replayed)++;
    }
  g_ptr_array_free (names, TRUE);
  return ok;
}

int
main (int argc, char **argv)
{
  gboolean ok = TRUE;
  guint replayed = 0;
  for (int i = 1; i < argc; i++)
    if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
      ok &= replay_folder (argv[i], &replayed);
    else
      {
        ok &= replay_file (argv[i]);
        replayed++;
      }
  printf ("replayed %u inputs\n", replayed);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
