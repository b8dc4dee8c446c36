/* Character classes and lexical scanners of RFC 3261 §25.1 (token, LWS,
 * quoted-string with quoted-pair, generic-param). */
#include "sip/sip_lex.h"

#include <string.h>

#define T SIP_CHAR_TOKEN
#define W SIP_CHAR_LWS
#define D (SIP_CHAR_TOKEN | SIP_CHAR_DIGIT | SIP_CHAR_SCHEME | SIP_CHAR_HOST \
           | SIP_CHAR_HEX)
#define X (SIP_CHAR_TOKEN | SIP_CHAR_ALPHA | SIP_CHAR_SCHEME | SIP_CHAR_HOST \
           | SIP_CHAR_HEX)
#define A (SIP_CHAR_TOKEN | SIP_CHAR_ALPHA | SIP_CHAR_SCHEME | SIP_CHAR_HOST)

#define E SIP_CHAR_VALUE_END

const guint8 sip_lex_class[256] = {
  ['\t'] = W | E, ['\n'] = W | E, ['\r'] = W | E, [' '] = W | E,
  [';'] = E, [','] = E, ['"'] = E, ['>'] = E,
  ['!'] = T, ['%'] = T, ['\''] = T, ['*'] = T, ['`'] = T, ['~'] = T,
  ['+'] = T | SIP_CHAR_SCHEME,
  ['-'] = T | SIP_CHAR_SCHEME | SIP_CHAR_HOST,
  ['.'] = T | SIP_CHAR_SCHEME | SIP_CHAR_HOST,
  ['_'] = T | SIP_CHAR_HOST,
  ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D,
  ['5'] = D, ['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
  ['A'] = X, ['B'] = X, ['C'] = X, ['D'] = X, ['E'] = X, ['F'] = X,
  ['G'] = A, ['H'] = A, ['I'] = A, ['J'] = A, ['K'] = A, ['L'] = A,
  ['M'] = A, ['N'] = A, ['O'] = A, ['P'] = A, ['Q'] = A, ['R'] = A,
  ['S'] = A, ['T'] = A, ['U'] = A, ['V'] = A, ['W'] = A, ['X'] = A,
  ['Y'] = A, ['Z'] = A,
  ['a'] = X, ['b'] = X, ['c'] = X, ['d'] = X, ['e'] = X, ['f'] = X,
  ['g'] = A, ['h'] = A, ['i'] = A, ['j'] = A, ['k'] = A, ['l'] = A,
  ['m'] = A, ['n'] = A, ['o'] = A, ['p'] = A, ['q'] = A, ['r'] = A,
  ['s'] = A, ['t'] = A, ['u'] = A, ['v'] = A, ['w'] = A, ['x'] = A,
  ['y'] = A, ['z'] = A,
};

/* The first DQUOTE or "\\" in [p, end), or end. */
static const char *
find_quote_or_escape (const char *p, const char *end)
{
#ifdef SIP_LEX_SIMD
  if (end - p >= 16)
    return sip_lex_simd_find (p, end, SIP_LEX_SIMD_QUOTE_OR_ESCAPE);
#endif
  const char *close = memchr (p, '"', (gsize) (end - p));
  if (close == NULL)
    return end;
  const char *escape = memchr (p, '\\', (gsize) (close - p));
  return escape != NULL ? escape : close;
}

const char *
sip_lex_skip_quoted (const char *p, const char *end)
{
  const char *q = find_quote_or_escape (p + 1, end);
  if (q == end)
    return NULL;
  for (; q < end; q++)
    {
      if (*q == '"')
        return q + 1;
      if (*q == '\\')
        {
          if (++q == end)
            return NULL;
        }
    }
  return NULL;
}

gsize
sip_lex_scan_uint_slow (const char **pp, const char *end, guint64 *value)
{
  const char *p = *pp;
  guint64 v = 0;
  while (p < end && sip_lex_is (*p, SIP_CHAR_DIGIT))
    {
      guint d = (guint) (*p - '0');
      if (v > (G_MAXUINT64 - d) / 10)
        v = G_MAXUINT64;
      else
        v = v * 10 + d;
      p++;
    }
  gsize n = (gsize) (p - *pp);
  *pp = p;
  *value = v;
  return n;
}
