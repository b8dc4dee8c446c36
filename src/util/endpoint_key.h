/* An endpoint's bytes as a table key, for tables keyed by address (and
 * port) without formatting it: endpoints that format alike key alike
 * (family 0 is "?" whatever its bytes; anything but 6 is IPv4). */
#pragma once

#include "sipscan.h"

#include <string.h>

/* No padding: every byte is a member, so keys compare and hash as bytes
 * however they are copied. */
typedef struct {
  guint8 family;     /* 4, 6, or 0 when unknown */
  guint8 addr[16];
  guint8 zero;
  guint16 port;      /* 0 for an address alone */
} EndpointKey;

G_STATIC_ASSERT (sizeof (EndpointKey) == 20);

static inline EndpointKey
endpoint_key (const SipscanEndpoint *endpoint, gboolean with_port)
{
  EndpointKey key;
  memset (&key, 0, sizeof key);
  key.family = endpoint->family;
  if (key.family == 6)
    memcpy (key.addr, endpoint->addr, 16);
  else if (key.family != 0)
    {
      key.family = 4;
      memcpy (key.addr, endpoint->addr, 4);
    }
  if (with_port)
    key.port = endpoint->port;
  return key;
}
