/* Who takes part in the benchmark's traffic: phones (10.x.y.z, many
 * users), the proxies they register with and call through, and the
 * session border controllers whose long-lived TCP connections carry a
 * share of the calls. Addresses are IPv4 in host byte order. */
#pragma once

#include <glib.h>

enum {
  CAST_MAX_PHONES = 250 * 256 * 254,   /* 10.1.0.1 .. 10.254.255.250 */
  CAST_PROXIES = 3,
  CAST_TCP_LINKS = 6,    /* one SBC each; link k goes to proxy k % 3 */
  CAST_SIP_PORT = 5060,
};

#define CAST_DOMAIN "voip.example.net"

guint32 cast_phone_ip (guint32 phone);
guint16 cast_phone_port (guint32 phone);
/* The user (extension number) of a phone. */
guint32 cast_phone_user (guint32 phone);
const char *cast_phone_agent (guint32 phone);
guint32 cast_proxy_ip (guint proxy);
const char *cast_proxy_agent (void);
guint32 cast_sbc_ip (guint link);
guint16 cast_sbc_tcp_port (guint link);

/* Dotted quad; out holds at least 16 bytes. */
void cast_format_ip (guint32 ip, char *out);
