/* Digest challenge and credentials header values (RFC 7616 §3.3, §3.4 as
 * used by SIP, RFC 3261 §22.4; RFC 8760 for SHA-256). The response is
 * computed for real from the password, with qop=auth. */
#pragma once

#include <glib.h>

typedef struct {
  const char *realm;
  const char *nonce;
  const char *opaque;      /* may be NULL */
  const char *algorithm;   /* "MD5" or "SHA-256" */
  gboolean stale;          /* writes stale=true; nothing when FALSE */
} DigestChallenge;

/* "Digest realm=..., nonce=..., ..." for WWW-/Proxy-Authenticate. */
char *digest_challenge (const DigestChallenge *challenge);

typedef struct {
  const char *username;
  const char *password;
  const char *realm;
  const char *nonce;
  const char *opaque;      /* echoed when not NULL */
  const char *algorithm;
  const char *method;      /* of the request carrying the credentials */
  const char *uri;         /* digest-uri: the Request-URI */
  const char *cnonce;
  guint nc;
} DigestCredentials;

/* "Digest username=..., ..." for Authorization/Proxy-Authorization. */
char *digest_credentials (const DigestCredentials *credentials);
