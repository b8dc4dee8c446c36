/* sipscan as a Wireshark post-dissector.
 *
 * On the first pass (frames not yet visited, in capture order) it hands
 * every SIP message Wireshark decoded in a frame -- the bytes of each `sip`
 * protocol item, reassembled ones included -- to the sipscan core, which
 * decides stuck INVITEs and Digest outcomes exactly as the CLI does. The
 * findings are kept per capture file, indexed by frame, and every pass adds
 * the `sipscan.*` fields and expert info of the frame from that state.
 * When the first pass ends (Wireshark's "post-sequential" routine) the
 * analysis is finished, so that verdicts decided by the end of the capture
 * exist before the second pass (tshark -2) or any click in the GUI. */
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/plugin_if.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include <string.h>

#include "finding_store.h"
#include "report/report.h"
#include "sip/sip_message.h"
#include "sipscan.h"
#include "sipscan_plugin.h"
#include "util/frame_time.h"

static int proto_sipscan = -1;
static int proto_sip = -1;
static dissector_handle_t sipscan_handle;

static int hf_stuck = -1;
static int hf_stuck_role = -1;
static int hf_stuck_duration = -1;
static int hf_stuck_ended_by = -1;
static int hf_stuck_end_status = -1;
static int hf_stuck_invite_frame = -1;
static int hf_stuck_trying_frame = -1;
static int hf_stuck_end_frame = -1;
static int hf_unanswered = -1;
static int hf_unanswered_waited = -1;
static int hf_unanswered_ended_by = -1;
static int hf_unanswered_retransmissions = -1;
static int hf_unanswered_invite_frame = -1;
static int hf_unanswered_end_frame = -1;
static int hf_auth_outcome = -1;
static int hf_auth_failed = -1;
static int hf_auth_method = -1;
static int hf_auth_username = -1;
static int hf_auth_realm = -1;
static int hf_auth_challenge_frame = -1;
static int hf_auth_retry_frame = -1;
static int hf_auth_result_frame = -1;
static int hf_auth_result_status = -1;
static int hf_brute_force = -1;
static int hf_brute_force_source = -1;
static int hf_brute_force_failures = -1;
static int hf_brute_force_scanner = -1;

static gint ett_sipscan = -1;
static gint ett_finding = -1;

static expert_field ei_stuck_invite = EI_INIT;
static expert_field ei_unanswered_invite = EI_INIT;
static expert_field ei_auth_failed = EI_INIT;
static expert_field ei_auth_abandoned = EI_INIT;
static expert_field ei_brute_force = EI_INIT;

/* Preferences (sipscan.NAME), the CLI's options of the same meaning. */
static guint pref_trying_timeout = 32;
static guint pref_bruteforce_failures = 10;
static guint pref_bruteforce_window = 60;

/* The capture file being dissected: from the init routine (a file is
 * opened, or reloaded) to the cleanup routine. */
static struct {
  SipscanOptions options;
  SipscanAnalyzer *analyzer;
  FindingStore *store;
  SipParser *framer;        /* finds where a message on a stream ends */
  guint32 last_frame;       /* the last frame of the first pass so far */
  gboolean finished;        /* the analyzer has decided every verdict */
} capture;

static void
sipscan_init (void)
{
  sipscan_options_init (&capture.options);
  capture.options.trying_timeout
      = MIN (pref_trying_timeout, SIPSCAN_MAX_OPTION_SECONDS);
  capture.options.bruteforce_failures = MAX (pref_bruteforce_failures, 1);
  capture.options.bruteforce_window
      = MIN (pref_bruteforce_window, SIPSCAN_MAX_OPTION_SECONDS);
  capture.store = finding_store_new ();
  capture.analyzer = sipscan_analyzer_new (
      &capture.options, finding_store_get_sink (), capture.store);
  capture.framer = sip_parser_new ();
  capture.finished = FALSE;
}

static void
sipscan_cleanup (void)
{
  sipscan_analyzer_free (capture.analyzer);
  finding_store_free (capture.store);
  sip_parser_free (capture.framer);
  capture.analyzer = NULL;
  capture.store = NULL;
  capture.framer = NULL;
  capture.last_frame = 0;
  capture.finished = FALSE;
}

/* The first pass is over: decide what only the end of the capture decides
 * (stalls still open, challenges never answered) and the aggregates. */
static void
sipscan_finish (void)
{
  if (!capture.analyzer || capture.finished)
    return;
  sipscan_analyzer_finish (capture.analyzer);
  capture.finished = TRUE;
}

/* The GUI re-dissects every frame after a preference changed, without the
 * post-sequential routine at the end: a visited frame after a first pass
 * that reached the file's last frame finishes then. Only when the file is
 * read to its end: during a live capture, frames still come. */
static void
sipscan_finish_after_redissection (void)
{
  ws_info_t *info = NULL;
  plugin_if_get_ws_info (&info);
  if (info && info->ws_info_supported && info->cf_state == FILE_READ_DONE
      && info->cf_count > 0 && capture.last_frame == info->cf_count)
    sipscan_finish ();
}

/* ---- First pass: SIP messages into the core ---------------------------- */

static void
endpoint_from_address (const address *addr, guint32 port,
                       SipscanEndpoint *endpoint)
{
  memset (endpoint, 0, sizeof *endpoint);
  endpoint->port = (guint16) port;
  if (addr->type == AT_IPv4 && addr->len == 4)
    {
      endpoint->family = 4;
      memcpy (endpoint->addr, addr->data, 4);
    }
  else if (addr->type == AT_IPv6 && addr->len == 16)
    {
      endpoint->family = 6;
      memcpy (endpoint->addr, addr->data, 16);
    }
}

static SipscanTransport
frame_transport (const packet_info *pinfo)
{
  if (proto_is_frame_protocol (pinfo->layers, "websocket"))
    return SIPSCAN_TRANSPORT_WS;
  if (proto_is_frame_protocol (pinfo->layers, "tls"))
    return SIPSCAN_TRANSPORT_TLS;
  switch (pinfo->ptype)
    {
    case PT_TCP: return SIPSCAN_TRANSPORT_TCP;
    case PT_SCTP: return SIPSCAN_TRANSPORT_SCTP;
    default: return SIPSCAN_TRANSPORT_UDP;
    }
}

/* Where the message of a `sip` item ends: Wireshark does not trim the
 * item to its message on the first pass, so it ends at the latest where
 * the next message of the same data source begins. The core frames the
 * message by Content-Length (see also stream_message_length). */
static gint
sip_item_length (const GPtrArray *items, guint i)
{
  const field_info *fi = g_ptr_array_index (items, i);
  gint end = (gint) tvb_captured_length (fi->ds_tvb);
  if (fi->length > 0 && fi->start + fi->length < end)
    end = fi->start + fi->length;
  for (guint j = 0; j < items->len; j++)
    {
      const field_info *other = g_ptr_array_index (items, j);
      if (other->ds_tvb == fi->ds_tvb && other->start > fi->start
          && other->start < end)
        end = other->start;
    }
  return end - fi->start;
}

/* On a stream the bytes after a message's Content-Length are the start of
 * the next message, not trailing bytes of a datagram: cut them off, as
 * the CLI's stream framing does. */
static gint
stream_message_length (const guint8 *data, gint len)
{
  SipMessage msg;
  const Reason *reason = NULL;
  if (sip_parser_parse_datagram (capture.framer, data, (gsize) len, &msg,
                                 &reason)
      != SIP_PARSE_OK)
    return len;
  return len - (gint) msg.trailing;
}

static void
sipscan_feed_frame (packet_info *pinfo, proto_tree *tree)
{
  static const guint8 nothing[1];
  SipscanTime time = frame_time_clamped ((gint64) pinfo->abs_ts.secs,
                                         (guint32) pinfo->abs_ts.nsecs);
  SipscanEndpoint src, dst;
  endpoint_from_address (&pinfo->src, pinfo->srcport, &src);
  endpoint_from_address (&pinfo->dst, pinfo->destport, &dst);
  SipscanTransport transport = frame_transport (pinfo);

  /* SIP quoted in an ICMP error is not a message that was exchanged. */
  GPtrArray *items = NULL;
  if (tree && !proto_is_frame_protocol (pinfo->layers, "icmp")
      && !proto_is_frame_protocol (pinfo->layers, "icmpv6"))
    items = proto_get_finfo_ptr_array (tree, proto_sip);
  guint fed = 0;
  for (guint i = 0; items && i < items->len; i++)
    {
      const field_info *fi = g_ptr_array_index (items, i);
      if (!fi->ds_tvb || fi->start < 0)
        continue;
      gint len = sip_item_length (items, i);
      if (len <= 0)
        continue;
      const guint8 *data = tvb_get_ptr (fi->ds_tvb, fi->start, len);
      if (transport != SIPSCAN_TRANSPORT_UDP
          && transport != SIPSCAN_TRANSPORT_SCTP)
        len = stream_message_length (data, len);
      sipscan_analyzer_add_sip_message (capture.analyzer, pinfo->num, time,
                                        &src, &dst, transport, data,
                                        (gsize) len);
      fed++;
    }
  capture.last_frame = pinfo->num;
  /* A frame without SIP still moves capture time on (expiry, and the end
   * of the capture that ends open stalls) and counts as a frame. */
  if (fed == 0)
    sipscan_analyzer_add_sip_message (capture.analyzer, pinfo->num, time,
                                      &src, &dst, transport, nothing, 0);
}

/* ---- Every pass: fields and expert info from the findings --------------- */

static nstime_t
nstime_from (SipscanTime t)
{
  nstime_t ns;
  if (t < 0)
    t = 0;
  ns.secs = (time_t) (t / SIPSCAN_TIME_PER_SECOND);
  ns.nsecs = (int) (t % SIPSCAN_TIME_PER_SECOND);
  return ns;
}

static double
seconds_from (SipscanTime t)
{
  return (double) t / (double) SIPSCAN_TIME_PER_SECOND;
}

static void
add_frame_link (proto_tree *tree, packet_info *pinfo, int hf, tvbuff_t *tvb,
                guint64 frame)
{
  if (frame == 0 || frame > G_MAXUINT32)
    return;
  proto_item_set_generated (
      proto_tree_add_uint (tree, hf, tvb, 0, 0, (guint32) frame));
  if (!PINFO_FD_VISITED (pinfo) && frame < pinfo->num)
    mark_frame_as_depended_upon (pinfo, (guint32) frame);
}

static proto_item *
add_string (proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
  if (!value)
    return NULL;
  proto_item *item = proto_tree_add_string (tree, hf, tvb, 0, 0, value);
  proto_item_set_generated (item);
  return item;
}

static void
add_boolean (proto_tree *tree, int hf, tvbuff_t *tvb)
{
  proto_item_set_generated (proto_tree_add_boolean (tree, hf, tvb, 0, 0, TRUE));
}

static void
add_uint (proto_tree *tree, int hf, tvbuff_t *tvb, guint value)
{
  proto_item_set_generated (proto_tree_add_uint (tree, hf, tvb, 0, 0, value));
}

static void
add_duration (proto_tree *tree, int hf, tvbuff_t *tvb, SipscanTime t)
{
  nstime_t ns = nstime_from (t);
  proto_item_set_generated (proto_tree_add_time (tree, hf, tvb, 0, 0, &ns));
}

static proto_tree *
add_finding_tree (proto_tree *tree, tvbuff_t *tvb, proto_item **item,
                  const char *format, ...) G_GNUC_PRINTF (4, 5);

static proto_tree *
add_finding_tree (proto_tree *tree, tvbuff_t *tvb, proto_item **item,
                  const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  char *text = g_strdup_vprintf (format, ap);
  va_end (ap);
  proto_tree *sub = proto_tree_add_subtree (tree, tvb, 0, 0, ett_finding,
                                            item, text);
  proto_item_set_generated (*item);
  g_free (text);
  return sub;
}

static void
add_stuck (proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
           const Mark *mark)
{
  const SipscanStuckInvite *s = &mark->finding->stuck;
  const char *role = mark->role == MARK_STUCK_INVITE   ? "invite"
                     : mark->role == MARK_STUCK_TRYING ? "trying"
                                                       : "end";
  const char *ended_by = sipscan_stall_end_name (s->ended_by);
  char status[16] = "";
  if (s->end_status)
    g_snprintf (status, sizeof status, " %u", s->end_status);
  proto_item *item;
  proto_tree *sub = add_finding_tree (
      tree, tvb, &item,
      "Stuck INVITE (%s): nothing after 100 Trying for %.3f s, ended by "
      "%s%s",
      role, seconds_from (s->stall), ended_by, status);
  add_boolean (sub, hf_stuck, tvb);
  add_string (sub, hf_stuck_role, tvb, role);
  add_duration (sub, hf_stuck_duration, tvb, s->stall);
  add_string (sub, hf_stuck_ended_by, tvb, ended_by);
  if (s->end_status)
    add_uint (sub, hf_stuck_end_status, tvb, s->end_status);
  add_frame_link (sub, pinfo, hf_stuck_invite_frame, tvb, s->invite_frame);
  add_frame_link (sub, pinfo, hf_stuck_trying_frame, tvb, s->trying_frame);
  add_frame_link (sub, pinfo, hf_stuck_end_frame, tvb, s->end_frame);
  if (mark->role == MARK_STUCK_INVITE)
    expert_add_info_format (
        pinfo, item, &ei_stuck_invite,
        "INVITE stuck after 100 Trying for %.3f s (ended by %s%s)",
        seconds_from (s->stall), ended_by, status);
}

static void
add_unanswered (proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                const Mark *mark)
{
  const SipscanUnansweredInvite *u = &mark->finding->unanswered;
  const char *ended_by = sipscan_stall_end_name (u->ended_by);
  proto_item *item;
  proto_tree *sub = add_finding_tree (
      tree, tvb, &item, "INVITE without any response for %.3f s, ended by %s",
      seconds_from (u->waited), ended_by);
  add_boolean (sub, hf_unanswered, tvb);
  add_duration (sub, hf_unanswered_waited, tvb, u->waited);
  add_string (sub, hf_unanswered_ended_by, tvb, ended_by);
  add_uint (sub, hf_unanswered_retransmissions, tvb, u->retransmissions);
  add_frame_link (sub, pinfo, hf_unanswered_invite_frame, tvb,
                  u->invite_frame);
  add_frame_link (sub, pinfo, hf_unanswered_end_frame, tvb, u->end_frame);
  if (mark->role == MARK_UNANSWERED_INVITE)
    expert_add_info_format (pinfo, item, &ei_unanswered_invite,
                            "INVITE got no response for %.3f s (ended by %s)",
                            seconds_from (u->waited), ended_by);
}

static void
add_auth (proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
          const Mark *mark)
{
  const SipscanAuthAttempt *a = &mark->finding->auth;
  const char *outcome = sipscan_auth_outcome_name (a->outcome);
  gboolean failed = sipscan_auth_outcome_is_failure (a->outcome);
  const char *role = mark->role == MARK_AUTH_CHALLENGE ? "challenge"
                     : mark->role == MARK_AUTH_RETRY   ? "request with credentials"
                                                       : "result";
  proto_item *item;
  proto_tree *sub = add_finding_tree (
      tree, tvb, &item, "Digest authentication (%s): %s, user %s, realm %s",
      role, outcome, a->username ? a->username : "-",
      a->realm ? a->realm : "-");
  add_string (sub, hf_auth_outcome, tvb, outcome);
  if (failed)
    add_boolean (sub, hf_auth_failed, tvb);
  add_string (sub, hf_auth_method, tvb, a->method);
  add_string (sub, hf_auth_username, tvb, a->username);
  add_string (sub, hf_auth_realm, tvb, a->realm);
  add_frame_link (sub, pinfo, hf_auth_challenge_frame, tvb,
                  a->challenge_frame);
  add_frame_link (sub, pinfo, hf_auth_retry_frame, tvb, a->retry_frame);
  add_frame_link (sub, pinfo, hf_auth_result_frame, tvb, a->result_frame);
  if (a->result_status)
    add_uint (sub, hf_auth_result_status, tvb, a->result_status);
  if (failed && mark->role == MARK_AUTH_RETRY)
    expert_add_info_format (
        pinfo, item, &ei_auth_failed,
        "Digest authentication failed (%s): user %s, realm %s", outcome,
        a->username ? a->username : "-", a->realm ? a->realm : "-");
  else if (a->outcome == SIPSCAN_AUTH_ABANDONED)
    expert_add_info_format (pinfo, item, &ei_auth_abandoned,
                            "Digest challenge never answered (realm %s)",
                            a->realm ? a->realm : "-");
}

static void
add_brute_force (proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                 const Mark *mark)
{
  const SipscanSourceStats *s = &mark->finding->source;
  char host[SIPSCAN_ENDPOINT_STRLEN];
  sipscan_endpoint_format_host (&s->source, host);
  proto_item *item;
  proto_tree *sub = add_finding_tree (
      tree, tvb, &item,
      "Brute-force source %s: more than %u failures within %u s%s%s", host,
      capture.options.bruteforce_failures,
      (guint) capture.options.bruteforce_window,
      s->scanner ? ", scanner " : "", s->scanner ? s->scanner : "");
  add_boolean (sub, hf_brute_force, tvb);
  add_string (sub, hf_brute_force_source, tvb, host);
  add_uint (sub, hf_brute_force_failures, tvb, (guint) s->failures);
  add_string (sub, hf_brute_force_scanner, tvb, s->scanner);
  expert_add_info_format (
      pinfo, item, &ei_brute_force,
      "Source %s is brute-forcing Digest authentication (%" G_GUINT64_FORMAT
      " failures in the capture)%s%s",
      host, s->failures, s->scanner ? ", scanner " : "",
      s->scanner ? s->scanner : "");
}

static int
dissect_sipscan (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                 void *data _U_)
{
  if (!capture.analyzer)
    return 0;
  if (!PINFO_FD_VISITED (pinfo) && !capture.finished)
    sipscan_feed_frame (pinfo, tree);
  else if (!capture.finished)
    sipscan_finish_after_redissection ();
  const GPtrArray *marks = finding_store_peek_marks (capture.store,
                                                     pinfo->num);
  if (!marks)
    return 0;
  proto_item *top = proto_tree_add_item (tree, proto_sipscan, tvb, 0, 0,
                                         ENC_NA);
  proto_item_set_generated (top);
  proto_tree *sub = proto_item_add_subtree (top, ett_sipscan);
  for (guint i = 0; i < marks->len; i++)
    {
      const Mark *mark = g_ptr_array_index (marks, i);
      switch (mark->role)
        {
        case MARK_STUCK_INVITE:
        case MARK_STUCK_TRYING:
        case MARK_STUCK_END:
          add_stuck (sub, tvb, pinfo, mark);
          break;
        case MARK_UNANSWERED_INVITE:
        case MARK_UNANSWERED_END:
          add_unanswered (sub, tvb, pinfo, mark);
          break;
        case MARK_AUTH_CHALLENGE:
        case MARK_AUTH_RETRY:
        case MARK_AUTH_RESULT:
          add_auth (sub, tvb, pinfo, mark);
          break;
        case MARK_BRUTE_FORCE:
          add_brute_force (sub, tvb, pinfo, mark);
          break;
        }
    }
  return tvb_captured_length (tvb);
}

/* ---- Reports ------------------------------------------------------------ */

gboolean
sipscan_write_report (FILE *out, gboolean json, const char *name)
{
  if (!capture.analyzer)
    return FALSE;
  sipscan_finish ();
  const char *inputs[] = { name, NULL };
  Report *report = json ? report_new_json (out)
                        : report_new_text (out, &capture.options, inputs);
  finding_store_replay (capture.store, report_get_sink (report), report);
  report_finish (report, capture.analyzer);
  report_free (report);
  return TRUE;
}

/* ---- Registration ------------------------------------------------------- */

void
sipscan_proto_register (void)
{
  static hf_register_info hf[] = {
    { &hf_stuck,
      { "Stuck INVITE", "sipscan.stuck", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
        "This frame is the INVITE, the 100 Trying or the end of an INVITE "
        "that got nothing after 100 Trying for longer than the timeout",
        HFILL } },
    { &hf_stuck_role,
      { "Role", "sipscan.stuck.role", FT_STRING, BASE_NONE, NULL, 0x0,
        "invite, trying or end", HFILL } },
    { &hf_stuck_duration,
      { "Stall", "sipscan.stuck.duration", FT_RELATIVE_TIME, BASE_NONE, NULL,
        0x0, "From the 100 Trying to the end of the stall", HFILL } },
    { &hf_stuck_ended_by,
      { "Ended by", "sipscan.stuck.ended_by", FT_STRING, BASE_NONE, NULL, 0x0,
        "provisional, final, cancel, capture_end or expired", HFILL } },
    { &hf_stuck_end_status,
      { "End status", "sipscan.stuck.end_status", FT_UINT16, BASE_DEC, NULL,
        0x0, "Status code of the response that ended the stall", HFILL } },
    { &hf_stuck_invite_frame,
      { "INVITE in", "sipscan.stuck.invite_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE (FT_FRAMENUM_REQUEST), 0x0, NULL, HFILL } },
    { &hf_stuck_trying_frame,
      { "100 Trying in", "sipscan.stuck.trying_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE (FT_FRAMENUM_RESPONSE), 0x0, NULL, HFILL } },
    { &hf_stuck_end_frame,
      { "Stall ended in", "sipscan.stuck.end_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE (FT_FRAMENUM_NONE), 0x0,
        "The response or CANCEL that ended the stall", HFILL } },
    { &hf_unanswered,
      { "Unanswered INVITE", "sipscan.unanswered", FT_BOOLEAN, BASE_NONE, NULL,
        0x0, "An INVITE that never got any response", HFILL } },
    { &hf_unanswered_waited,
      { "Waited", "sipscan.unanswered.waited", FT_RELATIVE_TIME, BASE_NONE,
        NULL, 0x0, NULL, HFILL } },
    { &hf_unanswered_ended_by,
      { "Ended by", "sipscan.unanswered.ended_by", FT_STRING, BASE_NONE, NULL,
        0x0, "cancel, capture_end or expired", HFILL } },
    { &hf_unanswered_retransmissions,
      { "Retransmissions", "sipscan.unanswered.retransmissions", FT_UINT32,
        BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_unanswered_invite_frame,
      { "INVITE in", "sipscan.unanswered.invite_frame", FT_FRAMENUM,
        BASE_NONE, FRAMENUM_TYPE (FT_FRAMENUM_REQUEST), 0x0, NULL, HFILL } },
    { &hf_unanswered_end_frame,
      { "CANCEL in", "sipscan.unanswered.end_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE (FT_FRAMENUM_REQUEST), 0x0, NULL, HFILL } },
    { &hf_auth_outcome,
      { "Outcome", "sipscan.auth.outcome", FT_STRING, BASE_NONE, NULL, 0x0,
        "accepted, wrong_credentials, forbidden, stale_nonce, no_response or "
        "abandoned",
        HFILL } },
    { &hf_auth_failed,
      { "Failed", "sipscan.auth.failed", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
        "A Digest attempt with wrong credentials or forbidden", HFILL } },
    { &hf_auth_method,
      { "Method", "sipscan.auth.method", FT_STRING, BASE_NONE, NULL, 0x0,
        NULL, HFILL } },
    { &hf_auth_username,
      { "Username", "sipscan.auth.username", FT_STRING, BASE_NONE, NULL, 0x0,
        NULL, HFILL } },
    { &hf_auth_realm,
      { "Realm", "sipscan.auth.realm", FT_STRING, BASE_NONE, NULL, 0x0, NULL,
        HFILL } },
    { &hf_auth_challenge_frame,
      { "Challenge in", "sipscan.auth.challenge_frame", FT_FRAMENUM,
        BASE_NONE, FRAMENUM_TYPE (FT_FRAMENUM_RESPONSE), 0x0,
        "The 401/407 whose nonce the credentials use", HFILL } },
    { &hf_auth_retry_frame,
      { "Credentials in", "sipscan.auth.retry_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE (FT_FRAMENUM_REQUEST), 0x0,
        "The request with credentials", HFILL } },
    { &hf_auth_result_frame,
      { "Result in", "sipscan.auth.result_frame", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE (FT_FRAMENUM_RESPONSE), 0x0,
        "The final response to the request with credentials", HFILL } },
    { &hf_auth_result_status,
      { "Result status", "sipscan.auth.result_status", FT_UINT16, BASE_DEC,
        NULL, 0x0, NULL, HFILL } },
    { &hf_brute_force,
      { "Brute-force source", "sipscan.auth.brute_force", FT_BOOLEAN,
        BASE_NONE, NULL, 0x0,
        "The failure that made its source a brute-forcer", HFILL } },
    { &hf_brute_force_source,
      { "Source", "sipscan.auth.brute_force.source", FT_STRING, BASE_NONE,
        NULL, 0x0, NULL, HFILL } },
    { &hf_brute_force_failures,
      { "Failures", "sipscan.auth.brute_force.failures", FT_UINT32, BASE_DEC,
        NULL, 0x0, "Failures of this source in the whole capture", HFILL } },
    { &hf_brute_force_scanner,
      { "Scanner", "sipscan.auth.brute_force.scanner", FT_STRING, BASE_NONE,
        NULL, 0x0, "The scanner its User-Agent names", HFILL } },
  };
  static gint *ett[] = { &ett_sipscan, &ett_finding };
  static ei_register_info ei[] = {
    { &ei_stuck_invite,
      { "sipscan.expert.stuck_invite", PI_SEQUENCE, PI_WARN,
        "INVITE stuck after 100 Trying", EXPFILL } },
    { &ei_unanswered_invite,
      { "sipscan.expert.unanswered_invite", PI_SEQUENCE, PI_NOTE,
        "INVITE without any response", EXPFILL } },
    { &ei_auth_failed,
      { "sipscan.expert.auth_failed", PI_SECURITY, PI_WARN,
        "Digest authentication failed", EXPFILL } },
    { &ei_auth_abandoned,
      { "sipscan.expert.auth_abandoned", PI_SECURITY, PI_NOTE,
        "Digest challenge never answered", EXPFILL } },
    { &ei_brute_force,
      { "sipscan.expert.brute_force", PI_SECURITY, PI_WARN,
        "Source brute-forcing Digest authentication", EXPFILL } },
  };

  proto_sipscan = proto_register_protocol (
      "sipscan: stuck INVITEs and Digest authentication", "sipscan",
      "sipscan");
  proto_register_field_array (proto_sipscan, hf, array_length (hf));
  proto_register_subtree_array (ett, array_length (ett));
  expert_module_t *expert = expert_register_protocol (proto_sipscan);
  expert_register_field_array (expert, ei, array_length (ei));

  module_t *prefs = prefs_register_protocol (proto_sipscan, NULL);
  prefs_register_uint_preference (
      prefs, "trying_timeout", "Trying timeout (s)",
      "An INVITE is stuck when nothing follows its 100 Trying for longer "
      "than this many seconds (sipscan --trying-timeout)",
      10, &pref_trying_timeout);
  prefs_register_uint_preference (
      prefs, "bruteforce_failures", "Brute-force failures",
      "A source brute-forces when it fails more than this many times ... "
      "(sipscan --bruteforce-failures)",
      10, &pref_bruteforce_failures);
  prefs_register_uint_preference (
      prefs, "bruteforce_window", "Brute-force window (s)",
      "... within this many seconds (sipscan --bruteforce-window)", 10,
      &pref_bruteforce_window);

  register_init_routine (sipscan_init);
  register_cleanup_routine (sipscan_cleanup);
  register_postseq_cleanup_routine (sipscan_finish);

  register_tap ("sipscan");

  sipscan_handle = create_dissector_handle (dissect_sipscan, proto_sipscan);
  register_postdissector (sipscan_handle);
}

void
sipscan_proto_reg_handoff (void)
{
  /* Without wanted fields the first pass may build no tree at all. */
  proto_sip = proto_get_id_by_filter_name ("sip");
  GArray *wanted = g_array_new (FALSE, FALSE, sizeof (int));
  if (proto_sip != -1)
    g_array_append_val (wanted, proto_sip);
  set_postdissector_wanted_hfids (sipscan_handle, wanted);
}
