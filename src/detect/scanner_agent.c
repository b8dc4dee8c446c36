#include "detect/scanner_agent.h"

#include <string.h>

static const struct {
  const char *needle;  /* lower case */
  const char *scanner;
} scanner_user_agents[] = {
  { "friendly-scanner", "SIPVicious" },
  { "sipvicious", "SIPVicious" },
  { "sipcli", "sipcli" },
  { "sip-scan", "sip-scan" },
  { "sundayddr", "sundayddr" },
  { "iwar", "iWar" },
  { "smap", "SMAP" },
  { "vaxsipuseragent", "VaxSIPUserAgent" },
  { "pplsip", "pplsip" },
  { "sivus", "SiVuS" },
};

/* By a byte, in either case: the needles starting with it, one bit each. */
static const guint16 *
scanner_needles_by_first_byte (void)
{
  static guint16 by_first[256];
  static gsize ready;
  if (g_once_init_enter (&ready))
    {
      for (guint i = 0; i < G_N_ELEMENTS (scanner_user_agents); i++)
        {
          guint8 first = (guint8) scanner_user_agents[i].needle[0];
          by_first[first] |= 1u << i;
          by_first[(guint8) g_ascii_toupper ((gchar) first)] |= 1u << i;
        }
      g_once_init_leave (&ready, 1);
    }
  return by_first;
}

static guint8
ascii_lower (guint8 c)
{
  return c >= 'A' && c <= 'Z' ? (guint8) (c + ('a' - 'A')) : c;
}

/* needle (lower case) at the start of the len bytes at text, in any case */
static gboolean
needle_at (const char *text, gsize len, const char *needle)
{
  for (gsize i = 0; needle[i]; i++)
    if (i == len || ascii_lower ((guint8) text[i]) != (guint8) needle[i])
      return FALSE;
  return TRUE;
}

/* One pass over the text, comparing only where a needle's first letter
 * stands; as a case-insensitive search of each needle in the table's
 * order, in the text up to its first NUL. */
const char *
scanner_agent_name (const char *user_agent, gsize len)
{
  if (!user_agent || len == 0)
    return NULL;
  const char *nul = memchr (user_agent, '\0', len);
  if (nul)
    len = (gsize) (nul - user_agent);
  const guint16 *by_first = scanner_needles_by_first_byte ();
  guint found = 0;
  for (gsize at = 0; at < len; at++)
    for (guint i = 0, candidates = by_first[(guint8) user_agent[at]];
         candidates; i++, candidates >>= 1)
      if ((candidates & 1)
          && needle_at (user_agent + at, len - at,
                        scanner_user_agents[i].needle))
        found |= 1u << i;
  for (guint i = 0; i < G_N_ELEMENTS (scanner_user_agents); i++)
    if (found & 1u << i)
      return scanner_user_agents[i].scanner;
  return NULL;
}

/* The slot of a User-Agent: a hash of its length and its first, middle
 * and last eight bytes, cheaper than hashing it all and enough to spread
 * a network's User-Agents. */
static guint
memo_slot (const char *text, gsize len)
{
  guint64 words[3] = { 0, 0, 0 };
  if (len >= 8)
    {
      memcpy (&words[0], text, 8);
      memcpy (&words[1], text + len / 2 - 4, 8);
      memcpy (&words[2], text + len - 8, 8);
    }
  else
    memcpy (&words[0], text, len);
  guint64 h = len;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    h = (h ^ words[i]) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return (guint) (h >> 32) % SCANNER_AGENT_MEMO_SLOTS;
}

/* The slot's answer, once it holds the User-Agent. Apart: a hit needs
 * none of its registers. */
static G_NO_INLINE const char *
memo_fill (ScannerAgentMemoSlot *slot, const char *user_agent, gsize len)
{
  slot->len = (guint8) len;
  memcpy (slot->text, user_agent, len);
  slot->scanner = scanner_agent_name (user_agent, len);
  return slot->scanner;
}

const char *
scanner_agent_memo_name (ScannerAgentMemo *memo, const char *user_agent,
                         gsize len)
{
  if (!user_agent || len == 0)
    return NULL;
  if (len > SCANNER_AGENT_MEMO_TEXT)
    return scanner_agent_name (user_agent, len);
  ScannerAgentMemoSlot *slot = &memo->slots[memo_slot (user_agent, len)];
  if (slot->len == len && memcmp (slot->text, user_agent, len) == 0)
    return slot->scanner;
  return memo_fill (slot, user_agent, len);
}
