/* The parser's fast paths (64-byte line scan, names dispatched to their
 * take functions at once, short numbers, Call-IDs, CSeq and start lines
 * read without the general path) against its general path: on the same
 * bytes, the same verdict, reason, violation and fields, span for span.
 * Inputs are edge cases, every one-byte edit and cut of a few messages,
 * and seeded random messages. */
#include "sip/sip_message.h"
#include "test_support.h"

#include <string.h>

typedef struct {
  SipParser *fast;
  SipParser *general;
  guint checks;
  guint ok;        /* checks whose datagram parsed */
} Paths;

static gboolean
span_same (SipSpan a, SipSpan b)
{
  return a.ptr == b.ptr && a.len == b.len;
}

static const char *
reason_text (const Reason *reason)
{
  return reason != NULL ? reason->text : "(none)";
}

/* The first field in which a and b differ, or NULL. */
static const char *
message_difference (const SipMessage *a, const SipMessage *b)
{
#define SAME(cond) \
  if (!(cond)) \
    return #cond
  SAME (a->is_request == b->is_request);
  SAME (a->method == b->method);
  SAME (span_same (a->method_name, b->method_name));
  SAME (span_same (a->request_uri, b->request_uri));
  SAME (a->status_code == b->status_code);
  SAME (span_same (a->reason_phrase, b->reason_phrase));
  SAME (a->n_headers == b->n_headers);
  for (guint i = 0; i < a->n_headers; i++)
    {
      SAME (a->headers[i].id == b->headers[i].id);
      SAME (span_same (a->headers[i].name, b->headers[i].name));
      SAME (span_same (a->headers[i].value, b->headers[i].value));
    }
  SAME (span_same (a->call_id, b->call_id));
  SAME (span_same (a->from.uri, b->from.uri));
  SAME (span_same (a->from.user, b->from.user));
  SAME (span_same (a->from.tag, b->from.tag));
  SAME (span_same (a->to.uri, b->to.uri));
  SAME (span_same (a->to.user, b->to.user));
  SAME (span_same (a->to.tag, b->to.tag));
  SAME (a->cseq == b->cseq);
  SAME (a->cseq_method == b->cseq_method);
  SAME (span_same (a->cseq_method_name, b->cseq_method_name));
  SAME (span_same (a->top_via.transport, b->top_via.transport));
  SAME (span_same (a->top_via.host, b->top_via.host));
  SAME (a->top_via.port == b->top_via.port);
  SAME (span_same (a->top_via.branch, b->top_via.branch));
  SAME (a->via_count == b->via_count);
  SAME (a->content_length == b->content_length);
  SAME (span_same (a->user_agent, b->user_agent));
  SAME (span_same (a->body, b->body));
  SAME (a->length == b->length);
  SAME (a->trailing == b->trailing);
  SAME (a->violation == b->violation);
  return NULL;
#undef SAME
}

static void
fail (const char *text, gsize len, gboolean head, const char *what)
{
  char *escaped = g_strescape (g_strndup (text, len), NULL);
  g_error ("fast and general paths differ (%s, %s) on %zu bytes: \"%s\"",
           head ? "head" : "datagram", what, len, escaped);
}

/* Parses [text, text + len) both ways, as a datagram and as a head, from
 * a heap copy of exactly len bytes, so that a sanitizer sees any read
 * past its end. */
static void
compare (Paths *paths, const char *text, gsize len)
{
  guint8 *copy = len > 0 ? g_memdup2 (text, len) : NULL;
  for (int head = 0; head < 2; head++)
    {
      SipMessage fast_msg, general_msg;
      const Reason *fast_reason = NULL, *general_reason = NULL;
      SipParseStatus (*parse) (SipParser *, const guint8 *, gsize,
                               SipMessage *, const Reason **)
          = head ? sip_parser_parse_head : sip_parser_parse_datagram;
      SipParseStatus fast_status = parse (paths->fast, copy, len, &fast_msg,
                                          &fast_reason);
      SipParseStatus general_status = parse (paths->general, copy, len,
                                             &general_msg, &general_reason);
      if (fast_status != general_status)
        fail (text, len, head, "status");
      if (fast_status == SIP_PARSE_MALFORMED && fast_reason != general_reason)
        fail (text, len, head, reason_text (fast_reason));
      if (fast_status == SIP_PARSE_OK)
        {
          const char *difference = message_difference (&fast_msg,
                                                       &general_msg);
          if (difference != NULL)
            fail (text, len, head, difference);
          paths->ok += !head;
        }
    }
  g_free (copy);
  paths->checks++;
}

static void
compare_str (Paths *paths, const char *text)
{
  compare (paths, text, strlen (text));
}

static void
paths_init (Paths *paths)
{
  paths->fast = sip_parser_new ();
  paths->general = sip_parser_new ();
  sip_parser_set_general_only (paths->general, TRUE);
  paths->checks = 0;
  paths->ok = 0;
}

static void
paths_clear (Paths *paths)
{
  sip_parser_free (paths->fast);
  sip_parser_free (paths->general);
}

#define REQUEST_LINE "INVITE sip:bob@example.com SIP/2.0\r\n"
#define STATUS_LINE "SIP/2.0 200 OK\r\n"
#define REQUIRED \
  "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\n" \
  "From: <sip:alice@example.com>;tag=a1\r\n" \
  "To: <sip:bob@example.com>\r\n" \
  "Call-ID: c1@192.0.2.1\r\n" \
  "CSeq: 1 INVITE\r\n"

/* Messages close to the fast paths' bounds, each path's way out. */
static const char *const edge_cases[] = {
  /* the last line exactly at, one before and one after the bytes the
     dispatch reads (21 from a line's start) */
  REQUEST_LINE REQUIRED "Content-Length: 0\r\n\r\n",
  REQUEST_LINE REQUIRED "Content-Length: 0\r\n\r\nx",
  REQUEST_LINE REQUIRED "Content-Length:0\r\n\r\n",
  REQUEST_LINE REQUIRED "Content-Length: 0\r\n\n",
  REQUEST_LINE REQUIRED "Content-Length: 0\r\n",
  REQUEST_LINE REQUIRED "Content-Length: 0",
  REQUEST_LINE REQUIRED "Content-Length: 0\r",
  REQUEST_LINE REQUIRED "l: 0\r\n\r\n",
  REQUEST_LINE REQUIRED "Proxy-Authorization: Digest x\r\n\r\n",
  REQUEST_LINE REQUIRED "Proxy-Authorization:",
  REQUEST_LINE REQUIRED "Proxy-Authorization:\r\n\r\n",
  REQUEST_LINE REQUIRED "Via:\r\n\r\n",
  REQUEST_LINE REQUIRED "Via: \r\n\r\n",
  REQUEST_LINE REQUIRED "Via:  \r\n\r\n",
  /* continuation lines, also at the end and without LF */
  REQUEST_LINE REQUIRED "Subject: a\r\n b\r\n\tc\r\n\r\n",
  REQUEST_LINE REQUIRED "Subject: a\r\n b",
  REQUEST_LINE REQUIRED "Subject: a\r\n ",
  REQUEST_LINE REQUIRED "Subject: a\n b\n\n",
  REQUEST_LINE " Via: SIP/2.0/UDP h\r\n" REQUIRED "\r\n",
  REQUEST_LINE "\tx\r\n" REQUIRED "\r\n",
  REQUEST_LINE "Via:\r\n SIP/2.0/UDP h;branch=z9hG4bK2\r\n" REQUIRED "\r\n",
  /* no empty line, and a violation noted by the last header too */
  REQUEST_LINE REQUIRED "Contact: <bad\r\n",
  REQUEST_LINE REQUIRED "Date: Mon, 01 Jan 2024 00:00:00 PST\r\n",
  REQUEST_LINE REQUIRED "Date: Mon, 01 Jan 2024 00:00:00 PST",
  /* start lines: the usual ones and their near misses */
  "SIP/2.0 100 Trying\r\n" REQUIRED "\r\n",
  "SIP/2.0 699 x\r\n" REQUIRED "\r\n",
  "SIP/2.0 700 x\r\n" REQUIRED "\r\n",
  "SIP/2.0 099 x\r\n" REQUIRED "\r\n",
  "SIP/2.0 20x OK\r\n" REQUIRED "\r\n",
  "SIP/2.0 200\r\n" REQUIRED "\r\n",
  "SIP/2.0 200OK\r\n" REQUIRED "\r\n",
  "sip/2.0 200 OK\r\n" REQUIRED "\r\n",
  "SIP/2.1 200 OK\r\n" REQUIRED "\r\n",
  "INVITE sip:bob@example.com SIP/2.0\r",
  "INVITE sip:bob@example.com SIP/2.0",
  "INVITE sip:a-request-uri-long-enough-for-the-fast-path@example.com "
  "SIP/2.0\r",
  "INVITE sip:a-request-uri-long-enough-for-the-fast-path@example.com "
  "SIP/2.0",
  "SIP/2.0 200 a reason phrase long enough for the fast path to read it\r",
  "INVITE sip:bob@example.com sip/2.0\r\n" REQUIRED "\r\n",
  "INVITE sip:bob@example.com SIP/2.0 \r\n" REQUIRED "\r\n",
  "INVITE  sip:bob@example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "INVITE sip:bob@example.com  SIP/2.0\r\n" REQUIRED "\r\n",
  "INVITE SIP/2.0\r\n" REQUIRED "\r\n",
  "INVITE sip:b\x01@example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "INVITE sip:bob@example.com\tx SIP/2.0\r\n" REQUIRED "\r\n",
  "INVITE\tsip:bob@example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "invite sip:bob@example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "INVITEX sip:bob@example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "REGISTER sip:example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "REGISTERS sip:example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "SUBSCRIBE sip:example.com SIP/2.0\r\n" REQUIRED "\r\n",
  "ACK x SIP/2.0\r\n" REQUIRED "\r\n",
  "ACK SIP/2.0\r\n" REQUIRED "\r\n",
  "\r\n\r\nOPTIONS sip:x SIP/2.0\r\n" REQUIRED "\r\n",
  /* CSeq: digits, SP, and methods */
  REQUEST_LINE REQUIRED "CSeq: 1 INVITE\r\n\r\n",
  REQUEST_LINE REQUIRED "CSeq: 2 INVITE\r\n\r\n",
  REQUEST_LINE "CSeq: 123456789 INVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 1234567890 INVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 4294967295 INVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 4294967296 INVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 0001 INVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 1  INVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 1\tINVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 1 invite\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 1 INVITES\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 1 BYE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: INVITE\r\n" REQUIRED "\r\n",
  REQUEST_LINE "CSeq: 1 \r\n" REQUIRED "\r\n",
  "FOO sip:x SIP/2.0\r\nCSeq: 1 FOO\r\nVia: SIP/2.0/UDP h\r\n"
  "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\n\r\n",
  "REGISTER sip:x SIP/2.0\r\nCSeq: 1 REGISTER\r\nVia: SIP/2.0/UDP h\r\n"
  "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\n\r\n",
  STATUS_LINE "CSeq: 9 SUBSCRIBE\r\nVia: SIP/2.0/UDP h\r\n"
  "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\n\r\n",
  /* short numbers */
  REQUEST_LINE REQUIRED "Max-Forwards: 70\r\nContent-Length: 00\r\n\r\n",
  REQUEST_LINE REQUIRED "Max-Forwards: 255\r\n\r\n",
  REQUEST_LINE REQUIRED "Max-Forwards: 256\r\n\r\n",
  REQUEST_LINE REQUIRED "Max-Forwards: 0255\r\n\r\n",
  REQUEST_LINE REQUIRED "Max-Forwards: 00255\r\n\r\n",
  REQUEST_LINE REQUIRED "Max-Forwards: 7a\r\n\r\n",
  REQUEST_LINE REQUIRED "Max-Forwards:\r\n\r\n",
  REQUEST_LINE REQUIRED "Max-Forwards: 70 \r\n\r\n",
  REQUEST_LINE REQUIRED "Content-Length: 2147483647\r\n\r\n",
  REQUEST_LINE REQUIRED "Content-Length: 2147483648\r\n\r\n",
  REQUEST_LINE REQUIRED "Content-Length: 9999\r\n\r\n",
  REQUEST_LINE REQUIRED "Content-Length: 1\r\nl: 1\r\n\r\nx",
  REQUEST_LINE REQUIRED "Content-Length: 1\r\nl: 2\r\n\r\nxy",
  /* Call-IDs around sixteen bytes, with and without white space */
  REQUEST_LINE "Call-ID: 0123456789abcde\r\n" REQUIRED "\r\n",
  REQUEST_LINE REQUIRED "Call-ID: 0123456789abcdef\r\n\r\n",
  REQUEST_LINE REQUIRED "Call-ID: c1@192.0.2.1\r\ni: c1@192.0.2.1\r\n\r\n",
  REQUEST_LINE "Call-ID: 0123456789abcdef0\r\n" REQUIRED "\r\n",
  REQUEST_LINE "Call-ID: 0123456789 abcdef0\r\n" REQUIRED "\r\n",
  REQUEST_LINE "Call-ID: 0123456789abcdef\t\r\n" REQUIRED "\r\n",
  REQUEST_LINE "Call-ID: 0123456789\x01" "bcdef0\r\n" REQUIRED "\r\n",
  REQUEST_LINE "Call-ID: 0123456789\x7f" "bcdef0\r\n" REQUIRED "\r\n",
  REQUEST_LINE "Call-ID: 0123456789\xc3\xa9" "cdef0\r\n" REQUIRED "\r\n",
  /* names in other cases, compact, with white space before ":" */
  REQUEST_LINE "VIA: SIP/2.0/UDP h;branch=z9hG4bKv\r\n"
  "from: <sip:a@b>;tag=1\r\n"
  "tO: <sip:c@d>\r\nCALL-id: x\r\ncSeQ: 1 INVITE\r\n\r\n",
  REQUEST_LINE "v: SIP/2.0/UDP h\r\nf: <sip:a@b>;tag=1\r\nt: <sip:c@d>\r\n"
  "i: x\r\nCSeq: 1 INVITE\r\nm: <sip:a@h>\r\nl: 0\r\n\r\n",
  REQUEST_LINE "Via : SIP/2.0/UDP h\r\nFrom\t: <sip:a@b>;tag=1\r\n"
  "To:<sip:c@d>\r\nCall-ID:x\r\nCSeq:1 INVITE\r\n\r\n",
  REQUEST_LINE REQUIRED "WWW-Authenticate: Digest realm=\"r\"\r\n"
  "Authorization: Digest username=\"u\"\r\n"
  "Proxy-Authenticate: Digest realm=\"p\"\r\n"
  "proxy-authorization: Digest username=\"v\"\r\n\r\n",
  REQUEST_LINE REQUIRED "Vias: x\r\nCall-IDs: y\r\nTo-: z\r\n\r\n",
  REQUEST_LINE REQUIRED "User-Agent: a\r\nServer: b\r\nUser-Agent: c\r\n\r\n",
  STATUS_LINE REQUIRED "Server: a\r\nUser-Agent: b\r\n\r\n",
  /* line ends: LF alone, CR CR LF, a lone CR inside a line */
  "INVITE sip:bob@example.com SIP/2.0\n"
  "Via: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:c@d>\n"
  "Call-ID: x\nCSeq: 1 INVITE\n\n",
  REQUEST_LINE REQUIRED "Subject: a\r\r\n\r\n",
  REQUEST_LINE REQUIRED "Subject: a\rb\r\n\r\n",
  REQUEST_LINE REQUIRED "\r\r\n",
  REQUEST_LINE REQUIRED "\n",
  REQUEST_LINE REQUIRED " \r\n\r\n",
  REQUEST_LINE REQUIRED ": x\r\n\r\n",
  REQUEST_LINE REQUIRED "x\r\n\r\n",
  /* no header line at all */
  REQUEST_LINE,
  REQUEST_LINE "\r\n",
  "INVITE sip:bob@example.com SIP/2.0\r\n\r\n"
  "0123456789012345678901234567890123456789012345678901234567890123",
};

static void
test_edge_cases_agree (void)
{
  Paths paths;
  paths_init (&paths);
  for (gsize i = 0; i < G_N_ELEMENTS (edge_cases); i++)
    compare_str (&paths, edge_cases[i]);
  paths_clear (&paths);
}

/* Every prefix of the names the dispatch knows (and their ":"), in both
 * cases, as the last line of the buffer: the dispatch must read no
 * further than the buffer. */
static void
test_name_prefixes_at_the_end_agree (void)
{
  static const char *const known[] = {
    "authorization:", "allow:", "accept:", "call-id:", "cseq:",
    "content-length:", "contact:", "content-type:", "date:", "expires:",
    "event:", "from:", "f:", "i:", "l:", "max-forwards:", "m:",
    "proxy-authorization:", "proxy-authenticate:", "record-route:",
    "route:", "require:", "server:", "supported:", "to:", "t:",
    "user-agent:", "via:", "v:", "www-authenticate:",
  };
  static const char *const ends[] = {
    "\r\n\r\n", "\n\n", "\n", "\r\n", " x\r\n\r\n", "\r\nX: 1\r\n",
  };
  Paths paths;
  paths_init (&paths);
  for (gsize k = 0; k < G_N_ELEMENTS (known); k++)
    for (int upper = 0; upper < 2; upper++)
      for (gsize len = 1; len <= strlen (known[k]); len++)
        for (gsize i = 0; i < G_N_ELEMENTS (ends); i++)
          {
            char *name = upper ? g_ascii_strup (known[k], (gssize) len)
                               : g_strndup (known[k], len);
            char *text = g_strconcat (REQUEST_LINE REQUIRED, name, ends[i],
                                      NULL);
            compare_str (&paths, text);
            g_free (text);
            g_free (name);
          }
  paths_clear (&paths);
}

/* The messages whose every byte is replaced, and every place cut. */
static const char *const base_messages[] = {
  "REGISTER sip:voip.example.net SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 10.1.26.102:5060;rport;branch=z9hG4bK130df6be4f5a4e9d\r\n"
  "Max-Forwards: 70\r\n"
  "From: <sip:2006601@voip.example.net>;tag=3d4eb30461\r\n"
  "To: <sip:2006601@voip.example.net>\r\n"
  "Call-ID: 54fb4eccdaac0eaa0f3b00e2@10.1.26.102\r\n"
  "CSeq: 2077 REGISTER\r\n"
  "Contact: <sip:2006601@10.1.26.102:5060>\r\n"
  "Authorization: Digest username=\"2006601\", realm=\"voip.example.net\"\r\n"
  "Expires: 3600\r\n"
  "User-Agent: Grandstream GXP2170 1.0.11.23\r\n"
  "Content-Length: 0\r\n\r\n",
  "SIP/2.0 401 Unauthorized\r\n"
  "Via: SIP/2.0/UDP 10.1.26.102:5060;rport=5060;branch=z9hG4bK130df6\r\n"
  "From: <sip:2006601@voip.example.net>;tag=3d4eb30461\r\n"
  "To: <sip:2006601@voip.example.net>;tag=df4acacd18\r\n"
  "Call-ID: 54fb4eccdaac0eaa0f3b00e2@10.1.26.102\r\n"
  "CSeq: 2077 REGISTER\r\n"
  "WWW-Authenticate: Digest realm=\"voip.example.net\", nonce=\"b7\"\r\n"
  "Server: Kamailio (5.6.4 (x86_64/linux))\r\n"
  "Content-Length: 0\r\n\r\n",
  "INVITE sip:2004329@voip.example.net SIP/2.0\n"
  "v: SIP/2.0/UDP 10.1.57.182:5060;branch=z9hG4bK4f96597b3548c940\n"
  "f: <sip:2014431@voip.example.net>;tag=6dded6fafb\n"
  "t: <sip:2004329@voip.example.net>\n"
  "i: c47f0dbfb361a590d77ddcd1@10.1.57.182\n"
  "CSeq: 382 INVITE\n"
  "Subject: folded\n  over\n\ttwo lines\n"
  "Date: Sat, 13 Nov 2010 23:29:00 GMT\n"
  "l: 8\n\nv=0\r\nx=1",
  "BYE sip:x@h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>;tag=1\r\n"
  "To: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 5 BYE\r\n",
  /* a start line longer than the first block */
  "OPTIONS sip:a-request-uri-long-enough-for-the-first-block@example.com "
  "SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>;tag=1\r\n"
  "To: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 5 OPTIONS\r\n\r\n",
};

static void
test_every_edit_and_cut_agrees (void)
{
  static const char replacements[] = {
    ' ', '\t', '\r', '\n', ':', ';', 'x', 'X', '0', '\0', '\x01', '\x7f',
  };
  Paths paths;
  paths_init (&paths);
  for (gsize m = 0; m < G_N_ELEMENTS (base_messages); m++)
    {
      const char *base = base_messages[m];
      gsize len = strlen (base);
      char *text = g_malloc (len + 1);
      for (gsize cut = 0; cut <= len; cut++)
        compare (&paths, base, cut);
      for (gsize i = 0; i < len; i++)
        for (gsize r = 0; r < G_N_ELEMENTS (replacements); r++)
          {
            memcpy (text, base, len);
            text[i] = replacements[r];
            compare (&paths, text, len);
            /* the same byte inserted */
            memcpy (text, base, i);
            text[i] = replacements[r];
            memcpy (text + i + 1, base + i, len - i);
            compare (&paths, text, len + 1);
          }
      g_free (text);
    }
  paths_clear (&paths);
}

/* ---- seeded random messages --------------------------------------------- */

typedef struct {
  guint64 state;
} Rng;

static guint
rng_below (Rng *rng, guint n)
{
  rng->state ^= rng->state << 13;
  rng->state ^= rng->state >> 7;
  rng->state ^= rng->state << 17;
  return (guint) (rng->state % n);
}

#define PICK(rng, array) ((array)[rng_below (rng, G_N_ELEMENTS (array))])

/* valid start lines, then some that are not */
static const char *const start_lines[] = {
  "INVITE sip:bob@example.com SIP/2.0", "REGISTER sip:example.com SIP/2.0",
  "OPTIONS sip:x SIP/2.0", "ACK sip:x SIP/2.0", "BYE sip:x sip/2.0",
  "CANCEL sip:x SIP/2.0", "SUBSCRIBE sip:x SIP/2.0", "NOTIFY sip:x SIP/2.0",
  "PUBLISH sip:x SIP/2.0", "MESSAGE sip:x SIP/2.0", "INFO sip:x SIP/2.0",
  "PRACK sip:x SIP/2.0", "UPDATE sip:x SIP/2.0", "REFER sip:x SIP/2.0",
  "FOO sip:x SIP/2.0", "INFOS sip:x SIP/2.0", "SIP/2.0 200 OK",
  "SIP/2.0 100 Trying", "sip/2.0 180 Ringing", "SIP/2.0 200",
  "SIP/2.0 486 Busy Here",
};
static const char *const bad_start_lines[] = {
  "INVITE sip:x SIP/2.0 ", "INVITE <sip:x> SIP/2.0", "INVITE sip:x SIP/3.0",
  "SIP/2.0 700 Bad", "SIP/2.0  200 OK", "SIP/1.0 200 OK",
  "INVITE  sip:x SIP/2.0",
};
static const char *const names[] = {
  "Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Contact",
  "m", "Max-Forwards", "Content-Length", "l", "Content-Type", "c",
  "User-Agent", "Server", "Date", "Expires", "Authorization",
  "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Allow",
  "Accept", "Supported", "Require", "Route", "Record-Route", "Event",
  "X-Other", "CALL-ID", "cseq", "VIA", "content-length", "Via ", "From\t",
  "Call-I", "Content-Lengthx", "",
};
static const char *const values[] = {
  "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", "<sip:a@b>;tag=1",
  "<sip:b@c>", "abc@host", "0123456789abcdef@host", "1 INVITE",
  "2 REGISTER", "3 OPTIONS", "4 BYE", "5 FOO", "1 invite", "6 INFO",
  "7 UPDATE", "8 MESSAGE", "9 PUBLISH", "10 REFER", "11 PRACK",
  "12 NOTIFY", "13 CANCEL", "14 ACK", "15 SUBSCRIBE", "70", "0",
  "258", "00", "4294967296", "-1", "", " ", "\t", "a b",
  "Digest realm=\"r\", nonce=\"n\"", "Mon, 01 Jan 2024 00:00:00 GMT",
  "Mon, 01 Jan 2024 00:00:00 PST", "<sip:c@d>;expires=3600", "*",
};
static const char *const valid_headers[][2] = {
  { "Max-Forwards", "70" }, { "max-forwards", "0" },
  { "User-Agent", "phone/1.0" }, { "Server", "proxy" },
  { "Contact", "<sip:a@192.0.2.1:5060>" }, { "m", "<sip:a@h>;expires=60" },
  { "Allow", "INVITE, ACK, BYE" }, { "Supported", "replaces" },
  { "Subject", "hello there" }, { "X-Other", "1" }, { "Expires", "3600" },
  { "Date", "Sat, 13 Nov 2010 23:29:00 GMT" }, { "Accept", "application/sdp" },
  { "Record-Route", "<sip:p1;lr>" }, { "Route", "<sip:p2;lr>" },
  { "Via", "SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK2" },
  { "v", "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK3" },
  { "Authorization", "Digest username=\"u\", realm=\"r\", nonce=\"n\"" },
  { "WWW-Authenticate", "Digest realm=\"r\", nonce=\"n\"" },
  { "Proxy-Authorization", "Digest username=\"p\"" },
  { "Proxy-Authenticate", "Digest realm=\"p\"" },
  { "Content-Type", "application/sdp" }, { "Event", "presence" },
  { "Require", "100rel" }, { "Call-ID", "r@192.0.2.1" },
  { "i", "r@192.0.2.1" }, { "Content-Length", "0" }, { "l", "0" },
};
static const char *const separators[] = { ": ", ":", ":  ", ": \t", " : " };
static const char *const line_ends[] = {
  "\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\n", "\n", "\r\r\n",
};

/* The required headers, most of the time; the CSeq names the request's
 * method. */
static void
append_required (Rng *rng, GString *s, const char *start, const char *eol)
{
  static const char *const required[] = {
    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKr",
    "From: <sip:a@example.com>;tag=f", "To: <sip:b@example.com>",
    "Call-ID: r@192.0.2.1",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (required); i++)
    if (rng_below (rng, 30) != 0)
      {
        g_string_append (s, required[i]);
        g_string_append (s, eol);
      }
  if (rng_below (rng, 30) != 0)
    {
      if (g_ascii_strncasecmp (start, "SIP/", 4) == 0)
        start = "INVITE";  /* a response's */
      gsize method_len = strcspn (start, " ");
      g_string_append_printf (s, "CSeq: %u %.*s%s", rng_below (rng, 100000),
                              (int) method_len, start, eol);
    }
}

static GString *
random_message (Rng *rng)
{
  GString *s = g_string_new (NULL);
  if (rng_below (rng, 10) == 0)
    g_string_append (s, "\r\n");
  const char *eol = PICK (rng, line_ends);
  const char *start = rng_below (rng, 6) != 0 ? PICK (rng, start_lines)
                                               : PICK (rng, bad_start_lines);
  g_string_append (s, start);
  g_string_append (s, eol);
  if (rng_below (rng, 5) != 0)
    append_required (rng, s, start, eol);
  guint n = rng_below (rng, 4) == 0 ? rng_below (rng, 30) : rng_below (rng, 8);
  for (guint i = 0; i < n; i++)
    {
      if (rng_below (rng, 6) != 0)
        {
          /* a header that leaves the message valid, mostly */
          const char *const *header = PICK (rng, valid_headers);
          g_string_append (s, header[0]);
          g_string_append (s, PICK (rng, separators));
          g_string_append (s, header[1]);
        }
      else
        {
          g_string_append (s, PICK (rng, names));
          g_string_append (s, PICK (rng, separators));
          g_string_append (s, PICK (rng, values));
        }
      if (rng_below (rng, 10) == 0)
        {
          g_string_append (s, eol);
          g_string_append (s, rng_below (rng, 2) ? " " : "\t");
          g_string_append (s, PICK (rng, values));
        }
      g_string_append (s, rng_below (rng, 10) ? eol : PICK (rng, line_ends));
    }
  if (rng_below (rng, 6) != 0)
    g_string_append (s, eol);
  guint body = rng_below (rng, 3) == 0 ? rng_below (rng, 100) : 0;
  for (guint i = 0; i < body; i++)
    g_string_append_c (s, "v=0\r\n a"[rng_below (rng, 8)]);
  return s;
}

static void
random_edit (Rng *rng, GString *s)
{
  static const char bytes[] = " \t\r\n:;<>\"@=x0\x01";
  gsize at = rng_below (rng, (guint) s->len + 1);
  switch (rng_below (rng, 5))
    {
    case 0:
      if (s->len > 0)
        s->str[rng_below (rng, (guint) s->len)]
            = bytes[rng_below (rng, sizeof bytes - 1)];
      break;
    case 1:
      g_string_insert_c (s, (gssize) at, bytes[rng_below (rng,
                                                          sizeof bytes - 1)]);
      break;
    case 2:
      g_string_truncate (s, at);
      break;
    case 3:
      g_string_insert (s, (gssize) at, rng_below (rng, 2) ? "\r\n " : "\n\t");
      break;
    default:
      if (at < s->len)
        g_string_erase (s, (gssize) at, 1);
      break;
    }
}

static void
test_random_messages_agree (void)
{
  Paths paths;
  paths_init (&paths);
  Rng rng = { G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) };
  for (guint i = 0; i < 20000; i++)
    {
      GString *s = random_message (&rng);
      guint edits = rng_below (&rng, 2) ? 0 : 1 + rng_below (&rng, 2);
      for (guint e = 0; e < edits; e++)
        random_edit (&rng, s);
      compare (&paths, s->str, s->len);
      g_string_free (s, TRUE);
    }
  /* enough of them parse for their fields to be compared */
  g_assert_cmpuint (paths.ok, >=, paths.checks / 10);
  paths_clear (&paths);
}

/* ---- caps --------------------------------------------------------------- */

/* Around 64 bytes, the least the fast path reads: messages cut to every
 * length from 48 to 80. */
static void
test_short_buffers_agree (void)
{
  static const char text[] =
      "SIP/2.0 200 OK\r\nv: SIP/2.0/UDP h\r\nf: <sip:a@b>;tag=1\r\n"
      "t: <sip:c@d>\r\ni: x\r\nCSeq: 1 BYE\r\n\r\n";
  Paths paths;
  paths_init (&paths);
  for (gsize len = 48; len <= 80 && len <= sizeof text - 1; len++)
    compare (&paths, text, len);
  paths_clear (&paths);
}

/* 1 024 header lines and 1 025, with and without continuation lines. */
static void
test_header_line_cap_agrees (void)
{
  Paths paths;
  paths_init (&paths);
  for (guint extra = 1018; extra <= 1020; extra++)
    for (int folded = 0; folded < 2; folded++)
      {
        GString *s = g_string_new (REQUEST_LINE REQUIRED);
        for (guint i = 0; i < extra; i++)
          g_string_append (s, folded ? "X-H: 1\r\n 2\r\n" : "X-H: 1\r\n");
        g_string_append (s, "\r\n");
        compare (&paths, s->str, s->len);
        g_string_truncate (s, s->len - 2);  /* no empty line */
        compare (&paths, s->str, s->len);
        g_string_free (s, TRUE);
      }
  paths_clear (&paths);
}

/* Buffers around 65 536 bytes, where the fast path gives way, and header
 * sections around the size cap. */
static void
test_large_buffers_agree (void)
{
  Paths paths;
  paths_init (&paths);
  for (gsize target = 65530; target <= 65640; target += 2)
    {
      GString *s = g_string_new (REQUEST_LINE REQUIRED "X-Big: ");
      while (s->len < target - 4)
        g_string_append_c (s, 'a');
      g_string_append (s, "\r\n\r\n");
      compare (&paths, s->str, s->len);
      g_string_truncate (s, s->len - 2);
      compare (&paths, s->str, s->len);
      g_string_free (s, TRUE);
    }
  /* enough of them parse for their fields to be compared */
  g_assert_cmpuint (paths.ok, >=, paths.checks / 10);
  paths_clear (&paths);
}

/* The RFC 4475 torture messages, read in place from ../shared. */
static void
test_torture_messages_agree (void)
{
  char *dir_path = test_shared_path ("corpus/ersip/rfc4475");
  if (dir_path == NULL)
    return;
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  Paths paths;
  paths_init (&paths);
  const char *entry;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      char *path = g_build_filename (dir_path, entry, NULL);
      GBytes *bytes = test_read_file (path);
      gsize len;
      const char *text = g_bytes_get_data (bytes, &len);
      compare (&paths, text, len);
      g_bytes_unref (bytes);
      g_free (path);
    }
  g_assert_cmpuint (paths.checks, >=, 49);
  paths_clear (&paths);
  g_dir_close (dir);
  g_free (dir_path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sip/fast_paths/edge_cases_agree", test_edge_cases_agree);
  g_test_add_func ("/sip/fast_paths/name_prefixes_at_the_end_agree",
                   test_name_prefixes_at_the_end_agree);
  g_test_add_func ("/sip/fast_paths/every_edit_and_cut_agrees",
                   test_every_edit_and_cut_agrees);
  g_test_add_func ("/sip/fast_paths/random_messages_agree",
                   test_random_messages_agree);
  g_test_add_func ("/sip/fast_paths/short_buffers_agree",
                   test_short_buffers_agree);
  g_test_add_func ("/sip/fast_paths/header_line_cap_agrees",
                   test_header_line_cap_agrees);
  g_test_add_func ("/sip/fast_paths/large_buffers_agree",
                   test_large_buffers_agree);
  g_test_add_func ("/sip/fast_paths/torture_messages_agree",
                   test_torture_messages_agree);
  return g_test_run ();
}
