#include "session.h"

gboolean
sip_msg_kind_is_request (SipMsgKind msg)
{
  return msg < MSG_100;
}

gboolean
sip_msg_kind_is_retransmitted (SipMsgKind msg)
{
  return (sip_msg_kind_is_request (msg) && msg != MSG_ACK
          && msg != MSG_ACK_2XX)
         || msg == MSG_200_INVITE;
}

static void
session_new_transaction (Session *session, SipMsgKind method)
{
  session->tx_method = method;
  session->tx_cseq = ++session->cseq;
  session->tx_branch = ++session->branches;
}

void
session_enter (Session *session, SipMsgKind msg)
{
  switch (msg)
    {
    case MSG_INVITE:
    case MSG_INVITE_AUTH:
      session_new_transaction (session, MSG_INVITE);
      session->invite_cseq = session->tx_cseq;
      session->invite_branch = session->tx_branch;
      session->invite_attempt = msg == MSG_INVITE_AUTH;
      break;
    case MSG_ACK_2XX:
      session->tx_method = MSG_ACK;
      session->tx_cseq = session->invite_cseq;
      session->tx_branch = ++session->branches;
      break;
    case MSG_CANCEL:
      session->tx_method = MSG_CANCEL;
      session->tx_cseq = session->invite_cseq;
      session->tx_branch = session->invite_branch;
      break;
    case MSG_BYE:
    case MSG_OPTIONS:
      session_new_transaction (session, msg);
      break;
    case MSG_REGISTER:
    case MSG_REGISTER_AUTH:
      session_new_transaction (session, MSG_REGISTER);
      break;
    case MSG_401:
    case MSG_401_STALE:
    case MSG_407:
      session->nonce_generation++;
      break;
    default:
      break;
    }
}
