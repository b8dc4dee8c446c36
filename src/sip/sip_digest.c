/* Digest challenges and credentials: RFC 3261 §22.4 and §25.1
 * (challenge, credentials, auth-param with LWS around "=" and ","),
 * RFC 7616 §3.3 and §3.4 (parameters), RFC 7235 §2.1 (other schemes,
 * token68), RFC 8760 §2.4 (several challenges in one header value). */
#include "sip/sip_digest.h"

#include "sip/sip_lex.h"


/* The field a parameter name stands for, NULL for another name. */
static SipSpan *
digest_field (SipDigest *digest, SipSpan name)
{
#define FIELD(field) \
  if (SIP_LEX_SPAN_IS (name, #field)) \
    return &digest->field
  switch (name.len)
    {
    case 2:
      FIELD (nc);
      break;
    case 3:
      FIELD (qop);
      FIELD (uri);
      break;
    case 5:
      FIELD (realm);
      FIELD (nonce);
      FIELD (stale);
      break;
    case 6:
      FIELD (opaque);
      FIELD (cnonce);
      break;
    case 8:
      FIELD (username);
      FIELD (response);
      break;
    case 9:
      FIELD (algorithm);
      break;
    default:
      break;
    }
  return NULL;
#undef FIELD
}

static void
digest_store (SipDigest *digest, SipSpan name, SipSpan value)
{
  SipSpan *field = digest_field (digest, name);
  if (field == NULL)
    return;
  *field = value;
  if (field == &digest->stale)
    digest->stale_true = SIP_LEX_SPAN_IS (value, "true");
}

static void
digest_start (SipDigest *digest, const char *scheme, const char *scheme_end)
{
  *digest = (SipDigest){ .scheme = { scheme, (gsize) (scheme_end - scheme) } };
}

/* The first LWS, "," or DQUOTE in [p, end), within the readable run
 * [base, end). */
static const char *
find_unquoted_value_end (const char *base, const char *p, const char *end)
{
#ifdef SIP_LEX_SIMD
  if (end - base >= 16)
    return sip_lex_simd_find (p, end, SIP_LEX_SIMD_AUTH_VALUE_END);
#endif
  while (p < end && *p != ',' && *p != '"' && !sip_lex_is (*p, SIP_CHAR_LWS))
    p++;
  return p;
}

/* auth-param value after "=" and LWS: quoted-string (the span is its
 * inside) or a run up to LWS or ",". FALSE on an open quote. [base, end)
 * is the header value. */
static gboolean
scan_value (const char **pp, const char *base, const char *end,
            SipSpan *value)
{
  const char *p = *pp;
  if (p < end && *p == '"')
    {
      const char *q = sip_lex_skip_quoted_in (base, p, end);
      if (q == NULL)
        return FALSE;
      *value = (SipSpan){ p + 1, (gsize) (q - p - 2) };
      *pp = q;
      return TRUE;
    }
  const char *q = find_unquoted_value_end (base, p, end);
  *value = (SipSpan){ p, (gsize) (q - p) };
  *pp = q;
  return TRUE;
}

/* At a token in a parameter list, which is either "name =" (a parameter
 * of the current challenge) or the scheme of a new one. */
static gboolean
at_parameter (const char *name_end, const char *end)
{
  const char *p = sip_lex_skip_lws (name_end, end);
  return p < end && *p == '=';
}

static const char *
skip_commas (const char *p, const char *end)
{
  for (p = sip_lex_skip_lws (p, end); p < end && *p == ',';)
    p = sip_lex_skip_lws (p + 1, end);
  return p;
}

/* token68 (RFC 7235 §2.1) after a scheme: a run up to LWS or ",". */
static const char *
skip_token68 (const char *p, const char *end)
{
  while (p < end && *p != ',' && !sip_lex_is (*p, SIP_CHAR_LWS))
    p++;
  return p;
}

/* The value after "name": LWS "=" *"=" LWS; name_end is at LWS or "=". */
static const char *
skip_equals (const char *name_end, const char *end)
{
  if (end - name_end >= 2 && name_end[0] == '=' && name_end[1] != '='
      && !sip_lex_is_lws (name_end[1]))
    return name_end + 1;  /* the usual "name=value" */
  const char *p = sip_lex_skip_lws (name_end, end) + 1;
  while (p < end && *p == '=')  /* token68 padding */
    p++;
  return sip_lex_skip_lws (p, end);
}

/* After "name": LWS "=" LWS value, stored when the name is known. */
static const char *
scan_param (SipDigest *digest, const char *base, const char *name,
            const char *name_end, const char *end)
{
  const char *p = skip_equals (name_end, end);
  SipSpan value;
  if (!scan_value (&p, base, end, &value))
    return NULL;
  digest_store (digest, (SipSpan){ name, (gsize) (name_end - name) }, value);
  return p;
}

/* The usual next parameter at p: ", " (or " " before the first one of a
 * challenge) then letters then "=", seen in one look at the sixteen bytes
 * at p; NULL when fewer remain or they hold anything else, else the "="
 * (and *name set). Letters are token characters and "=" is not: the
 * general path finds the same name. */
static const char *
find_usual_param (const char *p, const char *end, gboolean first,
                  const char **name)
{
#ifdef SIP_LEX_SIMD
  if (end - p < 16)
    return NULL;
  guint skip;
  if (p[0] == ',' && p[1] == ' ')
    skip = 2;
  else if (first && p[0] == ' ')
    skip = 1;
  else
    return NULL;
  __m128i bytes = _mm_loadu_si128 ((const __m128i *) p);
  guint equals = (guint) _mm_movemask_epi8 (sip_lex_simd_eq (bytes, '='));
  /* letters of either case: "a" to "z" once the case bit is set, as a
     signed comparison after moving them to the bottom of the signed range */
  __m128i folded = _mm_or_si128 (bytes, _mm_set1_epi8 (0x20));
  guint letters = (guint) _mm_movemask_epi8 (_mm_cmplt_epi8 (
    _mm_add_epi8 (folded, _mm_set1_epi8 ((char) (0x80 - 'a'))),
    _mm_set1_epi8 ((char) (0x80 + 26))));
  guint name_bytes = ((equals & -equals) - 1) & (~0u << skip);
  if (equals == 0 || name_bytes == 0 || (letters & name_bytes) != name_bytes)
    return NULL;
  *name = p + skip;
  return p + __builtin_ctz (equals);
#else
  (void) p, (void) end, (void) first, (void) name;
  return NULL;
#endif
}

/* What follows a challenge's scheme or one of its parameters. */
typedef enum {
  ITEM_PARAM,    /* name "=" value */
  ITEM_TOKEN68,  /* right after the scheme, without a comma */
  ITEM_SCHEME,   /* of the next challenge */
  ITEM_END,      /* of the value */
  ITEM_BAD,
} ItemKind;

/* The item after p, the general way: separators, then a token, then
 * what the token turns out to be. Sets *item to the token and *name_end
 * to its end. */
static ItemKind
next_item (const char *p, const char *end, gboolean first,
           const char **item, const char **name_end)
{
  gboolean comma;
  if (end - p >= 3 && p[0] == ',' && p[1] == ' '
      && sip_lex_is (p[2], SIP_CHAR_TOKEN))
    {
      /* the usual ", name": what the path below finds */
      comma = TRUE;
      *item = p + 2;
    }
  else
    {
      const char *q = sip_lex_skip_lws (p, end);
      comma = q < end && *q == ',';
      *item = skip_commas (q, end);
      if (*item == end)
        return ITEM_END;
    }
  if (!first && !comma)
    return ITEM_BAD;
  *name_end = sip_lex_skip_token (*item, end);
  if (*name_end == *item)
    return ITEM_BAD;
  if (at_parameter (*name_end, end))
    return ITEM_PARAM;
  return first && !comma ? ITEM_TOKEN68 : ITEM_SCHEME;
}

gboolean
sip_digest_parse (SipSpan value, SipDigestFunc func, gpointer data)
{
  if (value.ptr == NULL)
    return FALSE;
  const char *end = value.ptr + value.len;
  const char *p = skip_commas (value.ptr, end);
  const char *scheme_end = sip_lex_skip_token (p, end);
  if (scheme_end == p)
    return FALSE;
  SipDigest digest;
  digest_start (&digest, p, scheme_end);
  p = scheme_end;
  gboolean first = TRUE;  /* no item yet after the scheme */
  for (;;)
    {
      const char *item;
      const char *name_end = find_usual_param (p, end, first, &item);
      ItemKind kind = name_end ? ITEM_PARAM
                               : next_item (p, end, first, &item, &name_end);
      if (kind == ITEM_PARAM)
        {
          p = scan_param (&digest, value.ptr, item, name_end, end);
          if (p == NULL)
            return FALSE;
          first = FALSE;
          continue;
        }
      switch (kind)
        {
        case ITEM_TOKEN68:
          p = skip_token68 (name_end, end);
          first = FALSE;
          break;
        case ITEM_SCHEME:
          if (!func (&digest, data))
            return TRUE;
          digest_start (&digest, item, name_end);
          p = name_end;
          first = TRUE;
          break;
        case ITEM_END:
          func (&digest, data);
          return TRUE;
        case ITEM_PARAM:  /* taken above */
        case ITEM_BAD:
          return FALSE;
        }
    }
}
