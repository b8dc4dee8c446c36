/* Formatting of addresses as the reports show them: ip:port, [v6]:port. */
#include "sipscan.h"

#include <arpa/inet.h>
#include <stdio.h>

char *
sipscan_endpoint_format_host (const SipscanEndpoint *endpoint,
                              char buf[SIPSCAN_ENDPOINT_STRLEN])
{
  int af = endpoint->family == 6 ? AF_INET6 : AF_INET;
  if (endpoint->family == 0
      || !inet_ntop (af, endpoint->addr, buf, SIPSCAN_ENDPOINT_STRLEN))
    g_strlcpy (buf, "?", SIPSCAN_ENDPOINT_STRLEN);
  return buf;
}

char *
sipscan_endpoint_format (const SipscanEndpoint *endpoint,
                         char buf[SIPSCAN_ENDPOINT_STRLEN])
{
  char host[SIPSCAN_ENDPOINT_STRLEN];
  sipscan_endpoint_format_host (endpoint, host);
  unsigned port = endpoint->port;
  if (endpoint->port == 0)
    g_strlcpy (buf, host, SIPSCAN_ENDPOINT_STRLEN);
  else if (endpoint->family == 6)
    snprintf (buf, SIPSCAN_ENDPOINT_STRLEN, "[%.46s]:%u", host, port);
  else
    snprintf (buf, SIPSCAN_ENDPOINT_STRLEN, "%.46s:%u", host, port);
  return buf;
}
