#include "cast.h"

#include <stdio.h>

static const char *const phone_agents[] = {
  "Yealink SIP-T46S 66.86.0.15",
  "Grandstream GXP2170 1.0.11.23",
  "PolycomVVX-VVX_450-UA/6.4.3.5018",
  "snom D785/10.1.141.13",
  "Zoiper rv2.10.19.4",
  "Linphone/5.2.0 (belle-sip/5.2.0)",
  "MicroSIP/3.21.3",
  "Fanvil X4U 2.12.13",
};

guint32
cast_phone_ip (guint32 phone)
{
  /* 10.1.0.1 onwards, host octets 1..250 */
  guint32 a = 1 + phone / (250 * 256);
  guint32 b = phone / 250 % 256;
  guint32 c = 1 + phone % 250;
  return 10u << 24 | a << 16 | b << 8 | c;
}

guint16
cast_phone_port (guint32 phone)
{
  /* a third behind NAT with a high port */
  return phone % 3 == 0 ? (guint16) (20000 + phone % 40000) : CAST_SIP_PORT;
}

guint32
cast_phone_user (guint32 phone)
{
  return 2000000 + phone;
}

const char *
cast_phone_agent (guint32 phone)
{
  return phone_agents[phone % G_N_ELEMENTS (phone_agents)];
}

guint32
cast_proxy_ip (guint proxy)
{
  return (172u << 24 | 16u << 16 | 10u) + proxy;
}

const char *
cast_proxy_agent (void)
{
  return "Kamailio (5.6.4 (x86_64/linux))";
}

guint32
cast_sbc_ip (guint link)
{
  return (10u << 24 | 250u << 16 | 1u) + link;
}

guint16
cast_sbc_tcp_port (guint link)
{
  return (guint16) (41230 + 17 * link);
}

void
cast_format_ip (guint32 ip, char *out)
{
  snprintf (out, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
            (ip >> 8) & 255, ip & 255);
}
