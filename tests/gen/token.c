#include "token.h"

char *
token_hex (guint len, const char *format, ...)
{
  va_list args;
  g_autofree char *seed = NULL;
  g_autofree char *digest = NULL;

  g_assert (len <= 64);
  va_start (args, format);
  seed = g_strdup_vprintf (format, args);
  va_end (args);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  return g_strndup (digest, len);
}
