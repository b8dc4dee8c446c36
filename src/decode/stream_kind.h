/* What a TCP stream carries, told from its first bytes, before any of
 * them goes to a framer: TLS, HTTP (perhaps a WebSocket handshake) or
 * anything else (SIP, or bytes the SIP framer will call not SIP). */
#pragma once

#include <glib.h>

typedef enum {
  STREAM_KIND_MORE,   /* the bytes so far could start either: wait */
  STREAM_KIND_TLS,    /* a TLS record header */
  STREAM_KIND_HTTP,   /* an HTTP GET request line or a status line */
  STREAM_KIND_OTHER,
} StreamKind;

/* The longest prefix that can be STREAM_KIND_MORE. */
#define STREAM_KIND_MAX_PREFIX 5

StreamKind stream_kind_guess (const guint8 *data, gsize len);
