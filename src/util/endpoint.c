/* Formatting of addresses as the reports show them: ip:port, [v6]:port.
 * The text is inet_ntop's (RFC 5952 with glibc's choices: the first
 * longest run of two or more zero groups becomes "::", lower-case hex,
 * IPv4-mapped and IPv4-compatible addresses end in dotted decimal),
 * written without printf: tables and findings format addresses often. */
#include "sipscan.h"

#include "util/decimal.h"

static char *
put_octet (char *p, guint octet)
{
  if (octet >= 100)
    {
      *p++ = (char) ('0' + octet / 100);
      octet %= 100;
    }
  else if (octet < 10)
    {
      *p = (char) ('0' + octet);
      return p + 1;
    }
  decimal_put_pair (p, octet);
  return p + 2;
}

static char *
put_ipv4 (char *p, const guint8 addr[4])
{
  p = put_octet (p, addr[0]);
  for (int i = 1; i < 4; i++)
    {
      *p++ = '.';
      p = put_octet (p, addr[i]);
    }
  return p;
}

static char *
put_hex_group (char *p, guint word)
{
  static const char hex[] = "0123456789abcdef";
  gboolean started = FALSE;
  for (int shift = 12; shift >= 0; shift -= 4)
    {
      guint digit = (word >> shift) & 0xf;
      if (digit || started || shift == 0)
        {
          *p++ = hex[digit];
          started = TRUE;
        }
    }
  return p;
}

static char *
put_ipv6 (char *p, const guint8 addr[16])
{
  guint words[8];
  for (int i = 0; i < 8; i++)
    words[i] = (guint) addr[2 * i] << 8 | addr[2 * i + 1];
  /* The first longest run of zero groups, if two or longer. */
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;)
    {
      int run = 0;
      while (i + run < 8 && words[i + run] == 0)
        run++;
      if (run > best_len)
        {
          best = i;
          best_len = run;
        }
      i += run ? run : 1;
    }
  if (best_len < 2)
    best = -1;
  for (int i = 0; i < 8; i++)
    {
      if (best >= 0 && i >= best && i < best + best_len)
        {
          if (i == best)
            *p++ = ':';
          continue;
        }
      if (i != 0)
        *p++ = ':';
      if (i == 6 && best == 0
          && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)))
        return put_ipv4 (p, addr + 12);
      p = put_hex_group (p, words[i]);
    }
  if (best >= 0 && best + best_len == 8)
    *p++ = ':';
  return p;
}

/* The host's text at p, unterminated; returns its end. */
static char *
put_host (char *p, const SipscanEndpoint *endpoint)
{
  if (endpoint->family == 0)
    *p++ = '?';
  else if (endpoint->family == 6)
    p = put_ipv6 (p, endpoint->addr);
  else
    p = put_ipv4 (p, endpoint->addr);
  return p;
}

char *
sipscan_endpoint_format_host (const SipscanEndpoint *endpoint,
                              char buf[SIPSCAN_ENDPOINT_STRLEN])
{
  *put_host (buf, endpoint) = '\0';
  return buf;
}

/* A port's digits (1 to 5) at p; returns their end. */
static char *
put_port (char *p, guint port)
{
  if (port < 100)
    return decimal_put (p, port);
  if (port < 1000)
    {
      *p = (char) ('0' + port / 100);
      decimal_put_pair (p + 1, port % 100);
      return p + 3;
    }
  if (port >= 10000)
    *p++ = (char) ('0' + port / 10000);
  /* the last four digits, zeros included */
  decimal_put_pair (p, port / 100 % 100);
  decimal_put_pair (p + 2, port % 100);
  return p + 4;
}

char *
sipscan_endpoint_format (const SipscanEndpoint *endpoint,
                         char buf[SIPSCAN_ENDPOINT_STRLEN])
{
  /* The longest: "[" 45 characters "]:65535" and the NUL, 54 bytes. */
  gboolean bracket = endpoint->port != 0 && endpoint->family == 6;
  char *p = buf;
  if (bracket)
    *p++ = '[';
  p = put_host (p, endpoint);
  if (bracket)
    *p++ = ']';
  if (endpoint->port != 0)
    {
      *p++ = ':';
      p = put_port (p, endpoint->port);
    }
  *p = '\0';
  return buf;
}
