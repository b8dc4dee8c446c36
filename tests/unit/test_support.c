#include "test_support.h"

char *
test_shared_path (const char *relative)
{
  char *path = g_build_filename (SIPSCAN_SHARED_DIR, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      char *msg = g_strdup_printf ("%s is absent (../shared is not next to "
                                   "the repository)", path);
      g_test_skip (msg);
      g_free (msg);
      g_free (path);
      return NULL;
    }
  return path;
}

GBytes *
test_read_file (const char *path)
{
  char *contents = NULL;
  gsize len = 0;
  GError *error = NULL;
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s: %s", path, error->message);
  return g_bytes_new_take (contents, len);
}

void
test_assert_endpoints (const SipscanEndpoint *src, const SipscanEndpoint *dst,
                       const char *expected_src, const char *expected_dst)
{
  char buf[SIPSCAN_ENDPOINT_STRLEN];
  g_assert_cmpstr (sipscan_endpoint_format (src, buf), ==, expected_src);
  g_assert_cmpstr (sipscan_endpoint_format (dst, buf), ==, expected_dst);
}
