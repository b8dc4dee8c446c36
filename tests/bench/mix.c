#include "mix.h"

#include <string.h>

#include "cast.h"

/* Delays in milliseconds. */
#define NEXT_HOP 10, 80           /* a proxy's or a phone's turnaround */
#define RINGING 1000, 20000
#define TALK 5000, 120000
#define STALL 33000, 60000        /* past the 32 s trying timeout */
#define CHALLENGE_RETRY 20, 200
#define ENDS { MSG_END, 0, 0, 0 }

static const MixStep call[] = {
  { MSG_INVITE, 0, NEXT_HOP }, { MSG_100, 300, 100, 3000 },
  { MSG_180, 0, RINGING }, { MSG_200_INVITE, 0, NEXT_HOP },
  { MSG_ACK_2XX, 0, TALK }, { MSG_BYE, 0, NEXT_HOP }, { MSG_200, 0, 0, 0 },
  ENDS,
};
static const MixStep call_486[] = {
  { MSG_INVITE, 0, NEXT_HOP }, { MSG_100, 0, 500, 5000 },
  { MSG_486, 0, NEXT_HOP }, { MSG_ACK, 0, 0, 0 }, ENDS,
};
static const MixStep call_404[] = {
  { MSG_INVITE, 0, NEXT_HOP }, { MSG_100, 500, NEXT_HOP },
  { MSG_404, 0, NEXT_HOP }, { MSG_ACK, 0, 0, 0 }, ENDS,
};
static const MixStep call_407[] = {
  { MSG_INVITE, 0, NEXT_HOP }, { MSG_407, 0, NEXT_HOP },
  { MSG_ACK, 500, CHALLENGE_RETRY }, { MSG_INVITE_AUTH, 0, NEXT_HOP },
  { MSG_100, 300, 100, 3000 }, { MSG_180, 0, RINGING },
  { MSG_200_INVITE, 0, NEXT_HOP }, { MSG_ACK_2XX, 0, TALK },
  { MSG_BYE, 0, NEXT_HOP }, { MSG_200, 0, 0, 0 }, ENDS,
};
static const MixStep registration[] = {
  { MSG_REGISTER, 0, NEXT_HOP }, { MSG_401, 0, CHALLENGE_RETRY },
  { MSG_REGISTER_AUTH, 0, NEXT_HOP }, { MSG_200, 0, 0, 0 }, ENDS,
};
static const MixStep wrong_password[] = {
  { MSG_REGISTER, 0, NEXT_HOP }, { MSG_401, 0, CHALLENGE_RETRY },
  { MSG_REGISTER_AUTH, 0, NEXT_HOP }, { MSG_401, 0, 0, 0 }, ENDS,
};
static const MixStep forbidden[] = {
  { MSG_REGISTER, 0, NEXT_HOP }, { MSG_401, 0, CHALLENGE_RETRY },
  { MSG_REGISTER_AUTH, 0, NEXT_HOP }, { MSG_403, 0, 0, 0 }, ENDS,
};
/* credentials for a nonce of the previous registration */
static const MixStep stale_nonce[] = {
  { MSG_REGISTER_AUTH, 0, NEXT_HOP }, { MSG_401_STALE, 0, CHALLENGE_RETRY },
  { MSG_REGISTER_AUTH, 0, NEXT_HOP }, { MSG_200, 0, 0, 0 }, ENDS,
};
static const MixStep stuck_408[] = {
  { MSG_INVITE, 0, NEXT_HOP }, { MSG_100, 0, STALL },
  { MSG_408, 0, NEXT_HOP }, { MSG_ACK, 0, 0, 0 }, ENDS,
};
static const MixStep stuck_cancel[] = {
  { MSG_INVITE, 0, NEXT_HOP }, { MSG_100, 0, STALL },
  { MSG_CANCEL, 0, NEXT_HOP }, { MSG_200, 600, 1, 20 },
  { MSG_487, 0, NEXT_HOP }, { MSG_ACK, 0, 0, 0 }, ENDS,
};
static const MixStep stuck_late_180[] = {
  { MSG_INVITE, 0, NEXT_HOP }, { MSG_100, 0, STALL },
  { MSG_180, 0, RINGING }, { MSG_200_INVITE, 0, NEXT_HOP },
  { MSG_ACK_2XX, 0, TALK }, { MSG_BYE, 0, NEXT_HOP }, { MSG_200, 0, 0, 0 },
  ENDS,
};
static const MixStep options[] = {
  { MSG_OPTIONS, 0, NEXT_HOP }, { MSG_200, 0, 0, 0 }, ENDS,
};

/* name, weight, may use TCP, script, stuck, accepted, wrong, forbidden,
 * stale */
static const MixKind kinds[] = {
  { "call", 26, TRUE, call, 0, 0, 0, 0, 0 },
  { "call_busy_486", 4, TRUE, call_486, 0, 0, 0, 0, 0 },
  { "call_not_found_404", 3, TRUE, call_404, 0, 0, 0, 0, 0 },
  { "call_after_407", 8, TRUE, call_407, 0, 1, 0, 0, 0 },
  { "register", 30, FALSE, registration, 0, 1, 0, 0, 0 },
  { "register_wrong_password", 3, FALSE, wrong_password, 0, 0, 1, 0, 0 },
  { "register_forbidden", 1, FALSE, forbidden, 0, 0, 0, 1, 0 },
  { "register_stale_nonce", 4, FALSE, stale_nonce, 0, 1, 0, 0, 1 },
  { "stuck_invite_408", 1, TRUE, stuck_408, 1, 0, 0, 0, 0 },
  { "stuck_invite_cancel", 1, TRUE, stuck_cancel, 1, 0, 0, 0, 0 },
  { "stuck_invite_late_180", 1, TRUE, stuck_late_180, 1, 0, 0, 0, 0 },
  { "options", 18, TRUE, options, 0, 0, 0, 0, 0 },
};
enum { KIND_OPTIONS = G_N_ELEMENTS (kinds) - 1 };

guint
mix_n_kinds (void)
{
  return G_N_ELEMENTS (kinds);
}

const MixKind *
mix_kind (guint kind)
{
  g_assert (kind < G_N_ELEMENTS (kinds));
  return &kinds[kind];
}

static guint
draw_kind (Prng *prng)
{
  guint total = 0;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    total += kinds[i].weight;
  guint pick = (guint) prng_range (prng, 0, total - 1);
  guint kind = 0;
  while (pick >= kinds[kind].weight)
    pick -= kinds[kind++].weight;
  return kind;
}

static gboolean
has_invite (const MixStep *steps)
{
  for (; steps->msg != MSG_END; steps++)
    if (steps->msg == MSG_INVITE || steps->msg == MSG_INVITE_AUTH)
      return TRUE;
  return FALSE;
}

static guint
script_length (const MixStep *steps)
{
  guint n = 0;
  while (steps[n].msg != MSG_END)
    n++;
  return n;
}

static void
choose_endpoints (Session *s, Prng *prng, guint32 phones)
{
  s->phone = (guint32) prng_range (prng, 0, phones - 1);
  s->callee = (guint32) prng_range (prng, 0, phones - 2);
  if (s->callee >= s->phone)
    s->callee++;
  if (s->over_tcp)
    {
      s->tcp_link = (guint8) prng_range (prng, 0, CAST_TCP_LINKS - 1);
      s->ua_ip = cast_sbc_ip (s->tcp_link);
      s->ua_port = CAST_SIP_PORT;
      s->proxy_ip = cast_proxy_ip (s->tcp_link % CAST_PROXIES);
    }
  else
    {
      s->ua_ip = cast_phone_ip (s->phone);
      s->ua_port = cast_phone_port (s->phone);
      s->proxy_ip = cast_proxy_ip (s->phone % CAST_PROXIES);
    }
}

static guint32
choose_retransmissions (Prng *prng, const MixStep *steps)
{
  guint32 mask = 0;
  for (guint i = 0; steps[i].msg != MSG_END; i++)
    if (sip_msg_kind_is_retransmitted (steps[i].msg)
        && prng_chance (prng, MIX_RETRANSMIT_PER_MILLE))
      mask |= 1u << i;
  return mask;
}

guint
mix_start_session (Session *s, Prng *prng, const MixPlan *plan,
                   guint64 serial, guint64 budget)
{
  g_assert (budget >= 2);
  g_assert (plan->phones >= 2 && plan->phones <= CAST_MAX_PHONES);
  memset (s, 0, sizeof *s);
  s->serial = serial;
  s->key = hash3 (plan->seed, serial, 0x5e551011);
  s->kind = (guint8) draw_kind (prng);
  s->over_tcp = kinds[s->kind].may_use_tcp
                && prng_chance (prng, MIX_TCP_PER_MILLE);
  choose_endpoints (s, prng, plan->phones);
  const MixStep *steps = kinds[s->kind].steps;
  s->big_invite = !s->over_tcp && has_invite (steps)
                  && prng_chance (prng, MIX_BIG_INVITE_PER_MILLE);
  if (!s->over_tcp)
    s->retransmitted_steps = choose_retransmissions (prng, steps);
  s->cseq = (guint32) prng_range (prng, 1, 9000);

  guint n = script_length (steps)
            + (guint) __builtin_popcount (s->retransmitted_steps);
  if (n <= budget && budget - n != 1)
    return n;
  /* the last sessions fill the budget exactly: a ping, resent or not */
  s->kind = KIND_OPTIONS;
  s->over_tcp = FALSE;
  s->big_invite = FALSE;
  choose_endpoints (s, prng, plan->phones);
  s->retransmitted_steps = budget == 3 ? 1 : 0;
  return budget == 3 ? 3 : 2;
}

const MixStep *
mix_step (const Session *session)
{
  return &kinds[session->kind].steps[session->step];
}
