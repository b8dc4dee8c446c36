#include "digest.h"

static GChecksumType
checksum_type (const char *algorithm)
{
  if (g_strcmp0 (algorithm, "SHA-256") == 0)
    return G_CHECKSUM_SHA256;
  g_assert (g_strcmp0 (algorithm, "MD5") == 0);
  return G_CHECKSUM_MD5;
}

static char *
hash_joined (GChecksumType type, const char *const *parts)
{
  g_autofree char *joined = g_strjoinv (":", (char **) parts);
  return g_compute_checksum_for_string (type, joined, -1);
}

char *
digest_challenge (const DigestChallenge *challenge)
{
  GString *out = g_string_new ("Digest ");

  g_string_append_printf (out, "realm=\"%s\", nonce=\"%s\"",
                          challenge->realm, challenge->nonce);
  if (challenge->opaque)
    g_string_append_printf (out, ", opaque=\"%s\"", challenge->opaque);
  if (challenge->stale)
    g_string_append (out, ", stale=true");
  g_string_append_printf (out, ", algorithm=%s, qop=\"auth\"",
                          challenge->algorithm);
  return g_string_free (out, FALSE);
}

char *
digest_credentials (const DigestCredentials *c)
{
  GChecksumType type = checksum_type (c->algorithm);
  g_autofree char *nc = g_strdup_printf ("%08x", c->nc);
  const char *a1[] = { c->username, c->realm, c->password, NULL };
  const char *a2[] = { c->method, c->uri, NULL };
  g_autofree char *ha1 = hash_joined (type, a1);
  g_autofree char *ha2 = hash_joined (type, a2);
  const char *kd[] = { ha1, c->nonce, nc, c->cnonce, "auth", ha2, NULL };
  g_autofree char *response = hash_joined (type, kd);
  GString *out = g_string_new ("Digest ");

  g_string_append_printf (out,
                          "username=\"%s\", realm=\"%s\", nonce=\"%s\", "
                          "uri=\"%s\", response=\"%s\", algorithm=%s, "
                          "cnonce=\"%s\"",
                          c->username, c->realm, c->nonce, c->uri, response,
                          c->algorithm, c->cnonce);
  if (c->opaque)
    g_string_append_printf (out, ", opaque=\"%s\"", c->opaque);
  g_string_append_printf (out, ", qop=auth, nc=%s", nc);
  return g_string_free (out, FALSE);
}
