/* test-advice.c — recommendation, failure text, configurations, checklist
 *
 * Results are built by hand (spc-result-private.h), so every case is exact
 * and no network is involved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-advice.h"
#include "spc-discovery-advice.h"
#include "spc-advice-private.h"
#include "spc-result-private.h"
#include "spc-summary.h"

typedef struct {
  guint16      port;
  SpcMode      mode;
  SpcStatus    status;
  gint64       total_ms;      /* -1: none */
  const char  *tls_version;   /* NULL: no TLS */
  const char  *auth;          /* space-separated, NULL: no EHLO answer */
  GTlsCertificateFlags errors;
  SpcDetail    detail;        /* SPC_DETAIL_NONE unless given */
  gboolean     pending;       /* still running: not finished */
  const char  *reference;     /* the reference host asked, NULL: none */
  SpcReferenceStatus reference_status;
  SpcCertificateFaults faults; /* what GnuTLS found in the chain, beside @errors */
  gboolean     offers_starttls; /* the EHLO answer names STARTTLS (always so in STARTTLS mode) */
} Fake;

static SpcResult *
fake_result (const Fake *fake)
{
  SpcResult *result = spc_result_new (fake->port, fake->mode);

  /* The host the certificate is checked against */
  spc_result_set_host (result, "smtp.example.com", NULL);

  if (fake->total_ms >= 0)
    {
      spc_result_set_timing (result, SPC_TIMING_CONNECT, fake->total_ms / 4);
      spc_result_set_timing (result, SPC_TIMING_TOTAL, fake->total_ms);
    }
  if (fake->tls_version != NULL)
    {
      spc_result_set_tls (result, fake->tls_version, "TLS_AES_256_GCM_SHA384", NULL, fake->errors);
      /* No certificate to inspect: the faults as the inspection would find them */
      result->cert_inspection.faults = fake->faults;
    }
  if (fake->auth != NULL)
    {
      g_auto(GStrv) auth = g_strsplit (fake->auth, " ", -1);
      SpcCapabilities caps = { 0 };

      /* "" splits into an empty vector: EHLO answered without AUTH */
      caps.ehlo_answered = TRUE;
      caps.auth = auth;
      /* In STARTTLS mode, a port without encryption is one whose server
       * offered no STARTTLS */
      caps.starttls = (fake->mode == SPC_MODE_STARTTLS && fake->status != SPC_STATUS_PLAINTEXT_ONLY)
                      || fake->offers_starttls;
      spc_result_set_capabilities (result, &caps);
    }
  if (fake->reference != NULL)
    {
      g_autoptr(SpcReference) reference = spc_reference_new (fake->reference, SPC_REFERENCE_SOURCE_HOST,
                                                             "192.0.2.7", fake->reference_status, 40);

      spc_result_set_reference (result, reference);
    }
  if (!fake->pending)
    spc_result_finish (result, fake->status, fake->detail);

  return result;
}

static GListModel *
fake_results (const Fake *fakes,
              guint       n_fakes)
{
  GListStore *store = g_list_store_new (SPC_TYPE_RESULT);

  for (guint i = 0; i < n_fakes; i++)
    {
      g_autoptr(SpcResult) result = fake_result (&fakes[i]);

      g_list_store_append (store, result);
    }
  return G_LIST_MODEL (store);
}

#define GREEN_TLS(port, ms)      { port, SPC_MODE_TLS, SPC_STATUS_OK, ms, "TLS 1.3", "PLAIN LOGIN", 0, SPC_DETAIL_WORKS }
#define GREEN_STARTTLS(port, ms) { port, SPC_MODE_STARTTLS, SPC_STATUS_OK, ms, "TLS 1.3", "LOGIN PLAIN", 0, SPC_DETAIL_WORKS }
#define FILTERED(port)           { port, spc_port_get_default_mode (port), SPC_STATUS_FILTERED, -1, NULL, NULL, 0 }
#define PENDING(port, mode)      { port, mode, SPC_STATUS_OK, -1, NULL, NULL, 0, SPC_DETAIL_NONE, TRUE }
/* Filtered, and the reference host silent too (the network) or answering (the server) */
#define FILTERED_NET(port)       { port, spc_port_get_default_mode (port), SPC_STATUS_FILTERED, -1, NULL, NULL, 0, \
                                   SPC_DETAIL_CONNECT_TIMEOUT, FALSE, "ref.example.net", SPC_REFERENCE_STATUS_FILTERED }
#define FILTERED_SERVER(port)    { port, spc_port_get_default_mode (port), SPC_STATUS_FILTERED, -1, NULL, NULL, 0, \
                                   SPC_DETAIL_CONNECT_TIMEOUT, FALSE, "ref.example.net", SPC_REFERENCE_STATUS_ANSWERED }
#define REFUSED(port)            { port, spc_port_get_default_mode (port), SPC_STATUS_REFUSED, 3, NULL, NULL, 0 }

/* What spc_advice_recommend () says of @fakes on smtp.example.com */
static SpcRecommendation *
recommend (const Fake *fakes,
           guint       n_fakes)
{
  g_autoptr(GListModel) model = fake_results (fakes, n_fakes);

  return spc_advice_recommend (model, "smtp.example.com");
}

static void
test_recommend_order (void)
{
  /* Listed in the opposite of the preferred order, and 465 the slowest,
   * so neither list order nor latency can explain the choice */
  const Fake all_green[] = {
    GREEN_STARTTLS (2525, 10), GREEN_STARTTLS (587, 20), GREEN_TLS (465, 300), FILTERED_NET (25),
  };
  const Fake without_465[] = {
    GREEN_STARTTLS (2525, 10), GREEN_STARTTLS (587, 20), FILTERED (465), FILTERED (25),
  };
  const Fake only_others[] = {
    GREEN_STARTTLS (25, 5), GREEN_STARTTLS (2525, 50), REFUSED (587),
  };
  g_autoptr(SpcRecommendation) recommendation = NULL;

  recommendation = recommend (all_green, G_N_ELEMENTS (all_green));
  g_assert_nonnull (recommendation);
  g_assert_cmpuint (recommendation->port, ==, 465);
  g_assert_cmpint (recommendation->mode, ==, SPC_MODE_TLS);
  g_assert_cmpstr (recommendation->security, ==, "SSL/TLS");
  g_assert_cmpstr (recommendation->host, ==, "smtp.example.com");
  g_assert_cmpint (recommendation->latency_ms, ==, 300);
  g_assert_nonnull (strstr (recommendation->reason, "Port 465 works with a valid certificate and is encrypted from the first byte"));
  /* No standard's number in the user's words */
  g_assert_null (strstr (recommendation->reason, "RFC"));
  g_assert_nonnull (strstr (recommendation->reason, "Port 587 works too, but it encrypts only after STARTTLS"));
  g_assert_nonnull (strstr (recommendation->reason, "Port 2525 works too, but it is unofficial"));
  g_assert_nonnull (strstr (recommendation->reason, "Your network blocks port 25: the reference server ref.example.net does not answer on it either."));
  /* The reason for implicit TLS is given once, in the winner's sentence */
  g_assert_null (strstr (strstr (recommendation->reason, "from the first byte") + 1, "from the first byte"));
  g_clear_pointer (&recommendation, spc_recommendation_free);

  recommendation = recommend (without_465, G_N_ELEMENTS (without_465));
  g_assert_nonnull (recommendation);
  g_assert_cmpuint (recommendation->port, ==, 587);
  g_assert_cmpstr (recommendation->security, ==, "STARTTLS");
  g_assert_nonnull (strstr (recommendation->reason, "Port 2525 works too but is unofficial"));
  g_assert_nonnull (strstr (recommendation->reason, "Port 465 is blocked somewhere between you and the server."));
  g_clear_pointer (&recommendation, spc_recommendation_free);

  /* 2525 beats 25 although 25 is faster: 25 is for relay */
  recommendation = recommend (only_others, G_N_ELEMENTS (only_others));
  g_assert_nonnull (recommendation);
  g_assert_cmpuint (recommendation->port, ==, 2525);
  g_assert_nonnull (strstr (recommendation->reason, "Nothing listens on port 587"));
}

static gboolean
is_decided (const Fake *fakes,
            guint       n_fakes)
{
  g_autoptr(GListModel) model = fake_results (fakes, n_fakes);

  return spc_advice_recommendation_is_decided (model);
}

/* Decided as soon as no port still running could outrank the best one */
static void
test_recommend_decided (void)
{
  /* 465 works, 25 still waits for its deadline: 25 cannot win */
  const Fake tls_and_blocked_25[] = {
    GREEN_TLS (465, 40), GREEN_STARTTLS (587, 60), PENDING (25, SPC_MODE_STARTTLS),
  };
  /* 587 works, but 465 could still turn out to work and win */
  const Fake submission_and_pending_465[] = {
    GREEN_STARTTLS (587, 60), PENDING (465, SPC_MODE_TLS), PENDING (25, SPC_MODE_STARTTLS),
  };
  /* 587 works; only 2525 and 25 are left, both rank lower */
  const Fake submission_and_lower[] = {
    GREEN_STARTTLS (587, 60), FILTERED (465), PENDING (2525, SPC_MODE_STARTTLS), PENDING (25, SPC_MODE_STARTTLS),
  };
  /* Same rank still running: it could be faster, or tie with a lower number */
  const Fake same_rank_pending[] = { GREEN_TLS (4650, 50), PENDING (465, SPC_MODE_TLS) };
  /* Nothing green yet: anything running could still win */
  const Fake nothing_green_yet[] = { REFUSED (587), FILTERED (465), PENDING (25, SPC_MODE_STARTTLS) };
  /* Everything finished, green or not, is decided */
  const Fake all_finished[] = { REFUSED (587), FILTERED (465) };
  const Fake all_pending[] = { PENDING (465, SPC_MODE_TLS), PENDING (587, SPC_MODE_STARTTLS) };

  g_assert_true (is_decided (tls_and_blocked_25, G_N_ELEMENTS (tls_and_blocked_25)));
  g_assert_false (is_decided (submission_and_pending_465, G_N_ELEMENTS (submission_and_pending_465)));
  g_assert_true (is_decided (submission_and_lower, G_N_ELEMENTS (submission_and_lower)));
  g_assert_false (is_decided (same_rank_pending, G_N_ELEMENTS (same_rank_pending)));
  g_assert_false (is_decided (nothing_green_yet, G_N_ELEMENTS (nothing_green_yet)));
  g_assert_true (is_decided (all_finished, G_N_ELEMENTS (all_finished)));
  g_assert_false (is_decided (all_pending, G_N_ELEMENTS (all_pending)));

  /* What is decided early is what spc_advice_recommend () says */
  {
    g_autoptr(SpcRecommendation) recommendation = recommend (tls_and_blocked_25, G_N_ELEMENTS (tls_and_blocked_25));

    g_assert_nonnull (recommendation);
    g_assert_cmpuint (recommendation->port, ==, 465);
  }
}

static void
test_progress_text (void)
{
  g_autofree char *seven = spc_advice_describe_progress (7400);
  g_autofree char *one = spc_advice_describe_progress (1000);

  g_assert_true (g_str_has_prefix (seven, "7 seconds so far."));
  g_assert_nonnull (strstr (seven, "Stop keeps what was found"));
  g_assert_true (g_str_has_prefix (one, "1 second so far."));
}

static void
test_recommend_latency (void)
{
  const Fake fast_custom[] = { GREEN_TLS (465, 200), GREEN_TLS (4650, 50) };
  const Fake fast_465[] = { GREEN_TLS (465, 40), GREEN_TLS (4650, 50) };
  const Fake tie[] = { GREEN_TLS (4651, 50), GREEN_TLS (4650, 50) };
  g_autoptr(SpcRecommendation) recommendation = NULL;

  recommendation = recommend (fast_custom, G_N_ELEMENTS (fast_custom));
  g_assert_cmpuint (recommendation->port, ==, 4650);
  g_assert_nonnull (strstr (recommendation->reason, "answered faster (50 ms against 200 ms)"));
  g_clear_pointer (&recommendation, spc_recommendation_free);

  recommendation = recommend (fast_465, G_N_ELEMENTS (fast_465));
  g_assert_cmpuint (recommendation->port, ==, 465);
  g_clear_pointer (&recommendation, spc_recommendation_free);

  /* A tie is broken by the port number, and said so, not "faster" */
  recommendation = recommend (tie, G_N_ELEMENTS (tie));
  g_assert_cmpuint (recommendation->port, ==, 4650);
  g_assert_null (strstr (recommendation->reason, "faster"));
  g_assert_nonnull (strstr (recommendation->reason, "Port 4651 works too and was as fast (50 ms)"));
}

static void
test_recommend_auth (void)
{
  const struct {
    const char *offered;
    const char *expected;
  } cases[] = {
    { "LOGIN PLAIN", "PLAIN" },
    { "CRAM-MD5 LOGIN", "LOGIN" },
    { "XOAUTH2 OAUTHBEARER", "XOAUTH2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Fake fake[] = {
        { 587, SPC_MODE_STARTTLS, SPC_STATUS_OK, 10, "TLS 1.2", cases[i].offered, 0 },
      };
      g_autoptr(GListModel) model = fake_results (fake, 1);
      g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (model, "mx.example.net");
      g_autofree char *offered = NULL;

      g_assert_nonnull (recommendation);
      g_assert_cmpstr (recommendation->auth, ==, cases[i].expected);
      offered = g_strjoinv (" ", recommendation->auth_offered);
      g_assert_cmpstr (offered, ==, cases[i].offered);
    }
}

static void
test_nothing_green (void)
{
  const Fake blocked[] = {
    FILTERED_NET (25), FILTERED_NET (465), FILTERED_NET (587), REFUSED (2525), REFUSED (80),
  };
  const Fake all_blocked[] = { FILTERED_NET (25), FILTERED_NET (465), FILTERED_NET (587) };
  /* Every port silent, no reference: nobody can tell where */
  const Fake all_silent[] = { FILTERED (25), FILTERED (465), FILTERED (587) };
  /* Every port silent while the reference answers: the server, not the network */
  const Fake server_down[] = { FILTERED_NET (25), FILTERED_SERVER (465), FILTERED_SERVER (587) };
  const Fake server_silent[] = { FILTERED_SERVER (465), REFUSED (587) };
  const Fake all_refused[] = { REFUSED (25), REFUSED (465), REFUSED (587) };
  const Fake dns[] = {
    { 465, SPC_MODE_TLS, SPC_STATUS_DNS_ERROR, -1, NULL, NULL, 0 },
    { 587, SPC_MODE_STARTTLS, SPC_STATUS_DNS_ERROR, -1, NULL, NULL, 0 },
  };
  const Fake bad_certificates[] = {
    { 465, SPC_MODE_TLS, SPC_STATUS_CERTIFICATE_INVALID, 30, "TLS 1.3", "PLAIN", G_TLS_CERTIFICATE_UNKNOWN_CA },
    { 587, SPC_MODE_STARTTLS, SPC_STATUS_CERTIFICATE_INVALID, 30, "TLS 1.3", "PLAIN", G_TLS_CERTIFICATE_EXPIRED },
    { 25, SPC_MODE_STARTTLS, SPC_STATUS_NO_AUTH, 30, "TLS 1.3", "", 0 },
  };
  const struct {
    const Fake *fakes;
    guint       n_fakes;
    const char *expected[3];
  } cases[] = {
    { blocked, G_N_ELEMENTS (blocked), { "Your network blocks ports 25, 465 and 587: they do not answer on a reference server either.", "Nothing listens on ports 2525 and 80.", NULL } },
    { all_blocked, G_N_ELEMENTS (all_blocked), { "Your network blocks ports 25, 465 and 587: ask your provider whether it accepts port 2525, or use its web API.", NULL } },
    { all_silent, G_N_ELEMENTS (all_silent), { "Ports 25, 465 and 587 are blocked somewhere between you and the server.", NULL } },
    { server_down, G_N_ELEMENTS (server_down), { "The server or its address is likely wrong or down: it answers on no port checked, while ports 465 and 587 answer on a reference server. Check the server name.",
                                                  "Your network blocks port 25: it does not answer on a reference server either.", NULL } },
    { server_silent, G_N_ELEMENTS (server_silent), { "The server does not answer on port 465; your network lets it through.", NULL } },
    { all_refused, G_N_ELEMENTS (all_refused), { "refused every port tried (25, 465 and 587)", "Check the server name", NULL } },
    { dns, G_N_ELEMENTS (dns), { "check the server name", NULL } },
    { bad_certificates, G_N_ELEMENTS (bad_certificates), { "Ports 465 and 587 answer, but their certificates cannot be trusted", "Port 25 works but offers no authentication", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) model = fake_results (cases[i].fakes, cases[i].n_fakes);
      g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (model, "smtp.example.com");
      g_autofree char *failure = spc_advice_describe_failure (model);

      g_assert_null (recommendation);
      g_test_message ("case %u: %s", i, failure);
      for (guint j = 0; cases[i].expected[j] != NULL; j++)
        g_assert_nonnull (strstr (failure, cases[i].expected[j]));
    }
}

static SpcRecommendation *
make_recommendation (const char *host,
                     guint16     port,
                     SpcMode     mode)
{
  const char *auth[] = { "PLAIN", "LOGIN", NULL };
  SpcRecommendation *recommendation = g_new0 (SpcRecommendation, 1);

  recommendation->host = g_strdup (host);
  recommendation->port = port;
  recommendation->mode = mode;
  recommendation->security = g_strdup (mode == SPC_MODE_TLS ? "SSL/TLS" : "STARTTLS");
  recommendation->auth = g_strdup ("PLAIN");
  recommendation->auth_offered = g_strdupv ((char **) auth);
  recommendation->reason = g_strdup ("Because.");
  recommendation->latency_ms = 12;
  return recommendation;
}

static void
assert_config (SpcRecommendation  *recommendation,
               SpcConfigFormat     format,
               const char         *user,
               const char * const *expected)
{
  g_autofree char *config = spc_advice_format_config (recommendation, format, user);

  g_test_message ("%s:\n%s", spc_config_format_to_string (format), config);
  g_assert_nonnull (config);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      if (strstr (config, expected[i]) == NULL)
        g_error ("%s lacks “%s”:\n%s", spc_config_format_to_string (format), expected[i], config);
    }
}

static void
test_config_formats (void)
{
  g_autoptr(SpcRecommendation) tls = make_recommendation ("smtp.example.com", 465, SPC_MODE_TLS);
  g_autoptr(SpcRecommendation) starttls = make_recommendation ("smtp.example.com", 587, SPC_MODE_STARTTLS);
  g_autoptr(SpcRecommendation) ipv6 = make_recommendation ("::1", 465, SPC_MODE_TLS);
  const struct {
    SpcConfigFormat format;
    const char *tls[8];
    const char *starttls[8];
  } cases[] = {
    { SPC_CONFIG_PLAIN,
      { "Server: smtp.example.com\n", "Port: 465\n", "Connection security: SSL/TLS\n", "Authentication method: Normal password\n", "User name: you@example.com\n", NULL },
      { "Port: 587\n", "Connection security: STARTTLS\n", NULL } },
    { SPC_CONFIG_MSMTP,
      { "host           smtp.example.com\n", "port           465\n", "tls            on\n", "tls_starttls   off\n", "auth           on\n", "passwordeval", NULL },
      { "port           587\n", "tls_starttls   on\n", NULL } },
    { SPC_CONFIG_POSTFIX,
      { "relayhost = [smtp.example.com]:465\n", "smtp_tls_wrappermode = yes\n", "smtp_tls_security_level = secure\n", "smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n", "smtp_sasl_auth_enable = yes\n", "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n", NULL },
      { "relayhost = [smtp.example.com]:587\n", "smtp_tls_wrappermode = no\n", "smtp_tls_security_level = secure\n", "smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n", NULL } },
    { SPC_CONFIG_GIT_SEND_EMAIL,
      { "sendemail.smtpServer smtp.example.com\n", "sendemail.smtpServerPort 465\n", "sendemail.smtpEncryption ssl\n", "sendemail.smtpUser you@example.com\n", NULL },
      { "sendemail.smtpServerPort 587\n", "sendemail.smtpEncryption tls\n", NULL } },
    { SPC_CONFIG_NEOMUTT,
      { "set smtp_url = \"smtps://you%40example.com@smtp.example.com:465\"\n", "set ssl_force_tls = yes\n", NULL },
      { "set smtp_url = \"smtp://you%40example.com@smtp.example.com:587\"\n", "set ssl_starttls = yes\n", "set ssl_force_tls = yes\n", NULL } },
    { SPC_CONFIG_CURL,
      { "--url smtps://smtp.example.com:465 \\\n", "--user you@example.com", "--mail-from you@example.com", "--mail-rcpt ", "--upload-file ", NULL },
      { "--url smtp://smtp.example.com:587 --ssl-reqd \\\n", NULL } },
    { SPC_CONFIG_SWAKS,
      { "--server smtp.example.com --port 465 --tlsc \\\n", "--auth PLAIN --auth-user you@example.com", NULL },
      { "--server smtp.example.com --port 587 --tls \\\n", NULL } },
    { SPC_CONFIG_PYTHON,
      { "smtplib.SMTP_SSL(\"smtp.example.com\", 465, context=context)", "ssl.create_default_context()", "getpass.getpass()", NULL },
      { "smtplib.SMTP(\"smtp.example.com\", 587)", "server.starttls(context=context)", NULL } },
  };
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, SPC_N_CONFIG_FORMATS);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *name = spc_config_format_to_string (cases[i].format);
      g_autofree char *with_user = NULL;

      g_assert_nonnull (name);
      g_assert_false (g_hash_table_contains (names, name));
      g_hash_table_add (names, (gpointer) name);
      g_assert_nonnull (spc_config_format_get_title (cases[i].format));

      assert_config (tls, cases[i].format, NULL, cases[i].tls);
      assert_config (starttls, cases[i].format, NULL, cases[i].starttls);

      /* The user name asked for replaces the placeholder, and no
       * formatter invents a password */
      with_user = spc_advice_format_config (starttls, cases[i].format, "alice@example.org");
      if (cases[i].format == SPC_CONFIG_NEOMUTT)
        g_assert_nonnull (strstr (with_user, "alice%40example.org@"));
      else
        g_assert_nonnull (strstr (with_user, "alice@example.org"));
      g_assert_null (strstr (with_user, "you@example.com"));
      g_assert_null (strstr (with_user, "secret123"));
    }

  /* IPv6 literals: brackets in URLs, [ipv6:…] for Postfix */
  assert_config (ipv6, SPC_CONFIG_CURL, NULL, (const char *[]) { "smtps://[::1]:465", NULL });
  assert_config (ipv6, SPC_CONFIG_NEOMUTT, NULL, (const char *[]) { "@[::1]:465", NULL });
  assert_config (ipv6, SPC_CONFIG_POSTFIX, NULL, (const char *[]) { "relayhost = [ipv6:::1]:465", NULL });
  /* NeoMutt: only authenticators it knows without SASL are set */
  {
    g_autoptr(SpcRecommendation) cram = make_recommendation ("smtp.example.com", 587, SPC_MODE_STARTTLS);
    g_autofree char *neomutt = NULL;

    g_free (cram->auth);
    cram->auth = g_strdup ("CRAM-MD5");
    neomutt = spc_advice_format_config (cram, SPC_CONFIG_NEOMUTT, NULL);
    g_assert_nonnull (strstr (neomutt, "# set smtp_authenticators = \"cram-md5\"\n"));
    g_assert_null (strstr (neomutt, "\nset smtp_authenticators"));
  }
  /* msmtp: the address as host, but no colon in the account name */
  assert_config (ipv6, SPC_CONFIG_MSMTP, NULL,
                 (const char *[]) { "host           ::1\n", "account        --1\n", "account default : --1\n", NULL });
}

static const SpcChecklistItem *
item (GPtrArray  *items,
      const char *question_start)
{
  for (guint i = 0; i < items->len; i++)
    {
      const SpcChecklistItem *candidate = g_ptr_array_index (items, i);

      if (g_str_has_prefix (candidate->question, question_start))
        return candidate;
    }
  g_error ("no checklist question starts with “%s”", question_start);
  return NULL;
}

/* @answer_start: the start of what the window shows, the answer's word
 * and its headline ("Yes: Nothing answered …") */
static void
assert_answer (GPtrArray  *items,
               const char *question_start,
               const char *answer_start,
               const char *answer_contains)
{
  const SpcChecklistItem *found = item (items, question_start);
  const char *label = spc_checklist_answer_get_label (found->answer);
  g_autofree char *shown = label != NULL ? g_strdup_printf ("%s: %s", label, found->headline)
                                         : g_strdup (found->headline);

  g_test_message ("%s → %s: %s", found->question, spc_checklist_answer_to_string (found->answer),
                  found->headline);
  g_assert_true (g_str_has_prefix (shown, answer_start));
  if (answer_contains != NULL)
    g_assert_nonnull (strstr (found->headline, answer_contains));
  /* One short line, which never repeats the answer's word */
  g_assert_null (strchr (found->headline, '\n'));
  g_assert_false (g_str_has_prefix (found->headline, "Yes"));
  g_assert_false (g_str_has_prefix (found->headline, "No:"));
  g_assert_false (g_str_has_prefix (found->headline, "No,"));
  g_assert_false (g_str_has_prefix (found->headline, "Not known"));
}

static void
test_checklist_typical (void)
{
  const Fake fakes[] = {
    FILTERED_NET (25), GREEN_TLS (465, 120), GREEN_STARTTLS (587, 80), REFUSED (2525), REFUSED (80),
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);

  g_assert_cmpuint (items->len, ==, 12);
  assert_answer (items, "Is port 25 blocked", "Yes", "the reference server ref.example.net does not answer on it either");
  assert_answer (items, "Does my network block certain ports", "Yes: Your network blocks port 25;", NULL);
  g_assert_nonnull (item (items, "Is port 25 blocked")->evidence);
  assert_answer (items, "Do I need a specific encryption", "No", "SSL/TLS on port 465");
  /* One run tells speed, not reliability: not "Yes" (found by review) */
  assert_answer (items, "Is it fast and reliable", "Not known: Fast in this run: port 587 took 80 ms", NULL);
  g_assert_nonnull (strstr (item (items, "Is it fast and reliable")->evidence, "One run cannot tell"));
  assert_answer (items, "How compatible", "Basically", NULL);
  assert_answer (items, "Does the server offer encryption", "Yes: Encrypted on ports 465 and 587.", NULL);
  /* Each port's TLS version is in the evidence */
  g_assert_nonnull (strstr (item (items, "Does the server offer encryption")->evidence, "Port 465: TLS 1.3"));
  assert_answer (items, "Is the certificate valid", "Yes", "465 and 587");
  assert_answer (items, "Which port is fastest", "Port 587: 80 ms", NULL);
  assert_answer (items, "Does the server accept port 2525", "No", NULL);
  assert_answer (items, "Can I use port 465", "Yes", NULL);
  assert_answer (items, "Which port does my provider recommend", "Not known", "port 465 with SSL/TLS");
  assert_answer (items, "Does the server require authentication", "Not known: The check never sends mail", NULL);
  /* The mechanisms are in the evidence */
  g_assert_nonnull (strstr (item (items, "Does the server require authentication")->evidence, "AUTH PLAIN LOGIN"));
}

/* Whose firewall, as the checklist tells it */
static void
test_checklist_reference (void)
{
  const Fake server_side[] = { FILTERED_SERVER (25), FILTERED_SERVER (587), GREEN_TLS (465, 50) };
  const Fake nobody_knows[] = { FILTERED (25), GREEN_TLS (465, 50) };
  const Fake all_through[] = { REFUSED (25), GREEN_TLS (465, 50) };
  g_autoptr(GListModel) server_model = fake_results (server_side, G_N_ELEMENTS (server_side));
  g_autoptr(GPtrArray) server_items = spc_advice_answer_checklist (server_model);
  g_autoptr(GListModel) unknown_model = fake_results (nobody_knows, G_N_ELEMENTS (nobody_knows));
  g_autoptr(GPtrArray) unknown_items = spc_advice_answer_checklist (unknown_model);
  g_autoptr(GListModel) through_model = fake_results (all_through, G_N_ELEMENTS (all_through));
  g_autoptr(GPtrArray) through_items = spc_advice_answer_checklist (through_model);

  assert_answer (server_items, "Is port 25 blocked", "No: The server does not answer on port 25, but the reference server ref.example.net does", NULL);
  assert_answer (server_items, "Does my network block certain ports", "No: Ports 25 and 587 reach the reference server", NULL);
  g_assert_nonnull (strstr (item (server_items, "Does my network block certain ports")->evidence,
                            "Port 587: No answer within "));
  g_assert_nonnull (strstr (item (server_items, "Does my network block certain ports")->evidence,
                            ", while the reference server ref.example.net answered on this port"));
  assert_answer (unknown_items, "Is port 25 blocked", "Not known", "blocked somewhere between you and the server");
  assert_answer (unknown_items, "Does my network block certain ports", "Not known: Port 25 is blocked somewhere", NULL);
  assert_answer (through_items, "Does my network block certain ports", "No: Every port checked got through", NULL);
  g_assert_null (item (through_items, "Does my network block certain ports")->evidence);

  /* A firewall on the way rejected 587: it did not get through (found by review) */
  {
    const Fake turned_away[] = {
      REFUSED (25), GREEN_TLS (465, 50),
      { 587, SPC_MODE_STARTTLS, SPC_STATUS_UNREACHABLE, -1, NULL, NULL, 0, SPC_DETAIL_PROHIBITED },
      FILTERED_SERVER (2525),
    };
    g_autoptr(GListModel) away_model = fake_results (turned_away, G_N_ELEMENTS (turned_away));
    g_autoptr(GPtrArray) away_items = spc_advice_answer_checklist (away_model);

    assert_answer (away_items, "Does my network block certain ports",
                   "Not known: Port 587 did not get through: something on the way turned the connection away", NULL);
    g_assert_nonnull (strstr (item (away_items, "Does my network block certain ports")->evidence,
                              "Port 587: "));
  }
}

static void
test_checklist_problems (void)
{
  const Fake fakes[] = {
    REFUSED (25),
    { 465, SPC_MODE_TLS, SPC_STATUS_CERTIFICATE_INVALID, 50, "TLS 1.2", "PLAIN", G_TLS_CERTIFICATE_BAD_IDENTITY },
    { 587, SPC_MODE_STARTTLS, SPC_STATUS_PLAINTEXT_ONLY, 30, NULL, "", 0 },
  };
  const Fake two_bad[] = {
    { 465, SPC_MODE_TLS, SPC_STATUS_CERTIFICATE_INVALID, 50, "TLS 1.2", "PLAIN", G_TLS_CERTIFICATE_BAD_IDENTITY },
    { 2525, SPC_MODE_STARTTLS, SPC_STATUS_CERTIFICATE_INVALID, 50, "TLS 1.2", "PLAIN", G_TLS_CERTIFICATE_BAD_IDENTITY },
    { 587, SPC_MODE_STARTTLS, SPC_STATUS_PLAINTEXT_ONLY, 30, NULL, "", 0 },
    { 25, SPC_MODE_STARTTLS, SPC_STATUS_PLAINTEXT_ONLY, 30, NULL, "", 0 },
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);
  g_autoptr(GListModel) two_bad_model = fake_results (two_bad, G_N_ELEMENTS (two_bad));
  g_autoptr(GPtrArray) two_bad_items = spc_advice_answer_checklist (two_bad_model);

  /* Plural agreement, and each port's problem a whole sentence on a line of its own */
  assert_answer (two_bad_items, "Does the server offer encryption", "Yes", "ports 587 and 25 offer no encryption");
  assert_answer (two_bad_items, "Is the certificate valid", "No: Ports 465 and 2525 have certificate problems.", NULL);
  g_assert_true (g_str_has_prefix (item (two_bad_items, "Is the certificate valid")->evidence,
                                   "Port 465: The certificate was not issued for smtp.example.com. Ask the provider which server name to use.\n"
                                   "Port 2525: The certificate was not issued for smtp.example.com. Ask the provider which server name to use."));

  assert_answer (items, "Is port 25 blocked", "Not known", "may still allow it");
  assert_answer (items, "Does the server offer encryption", "Yes: Encrypted on 465", "port 587 offers no encryption");
  assert_answer (items, "Is the certificate valid", "No: Port 465 has a certificate problem.", NULL);
  g_assert_true (g_str_has_prefix (item (items, "Is the certificate valid")->evidence,
                                   "Port 465: The certificate was not issued for smtp.example.com. Ask the provider which server name to use."));
  /* None works: the fastest of every port whose conversation ran to the
   * end, 587 without encryption included (465 was named, found by review) */
  assert_answer (items, "Which port is fastest", "Port 587: 30 ms", "ran to the end (none works fully)");
  assert_answer (items, "Does the server accept port 2525", "Not known", "not checked");
  assert_answer (items, "Can I use port 465", "No: Not safely", NULL);
  assert_answer (items, "Which port does my provider recommend", "Not known", "No port works");
}

static void
test_checklist_answered_25 (void)
{
  const Fake fakes[] = {
    { 25, SPC_MODE_STARTTLS, SPC_STATUS_NO_AUTH, 40, "TLS 1.3", "", 0 },
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);

  assert_answer (items, "Is port 25 blocked", "No", NULL);
  assert_answer (items, "Does the server require authentication", "No: None of the ports offers sign-in", NULL);
  assert_answer (items, "Can I use port 465", "Not known", "not checked");
}

static void
test_checklist_empty (void)
{
  g_autoptr(GListModel) model = G_LIST_MODEL (g_list_store_new (SPC_TYPE_RESULT));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);
  g_autofree char *failure = spc_advice_describe_failure (model);

  g_assert_cmpuint (items->len, ==, 12);
  for (guint i = 0; i < items->len; i++)
    {
      const SpcChecklistItem *found = g_ptr_array_index (items, i);

      g_assert_false (g_str_has_prefix (found->headline, "Not known"));
      g_assert_cmpint (found->answer, ==, SPC_CHECKLIST_NOT_KNOWN);
    }
  g_assert_null (spc_advice_recommend (model, "smtp.example.com"));
  g_assert_nonnull (failure);
}

/* The next step for a certificate depends on what is wrong with it */
static void
test_failure_certificate_kinds (void)
{
  const struct {
    GTlsCertificateFlags flags;
    SpcCertificateFaults faults;
    const char *expected;
  } cases[] = {
    { G_TLS_CERTIFICATE_EXPIRED, 0, "check this computer’s clock" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, 0, "check this computer’s clock" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, 0, "for another name" },
    { G_TLS_CERTIFICATE_UNKNOWN_CA, 0, "certificate authority" },
    /* Faults of the chain GnuTLS found: only the server's administrator
     * can fix them, whatever this computer trusts (found by review) */
    { 0, SPC_CERTIFICATE_FAULT_WEAK_KEY, "the server’s administrator must replace it" },
    { 0, SPC_CERTIFICATE_FAULT_WRONG_PURPOSE | SPC_CERTIFICATE_FAULT_KEY_USAGE,
      "the server’s administrator must replace it" },
    { G_TLS_CERTIFICATE_REVOKED, 0, "the server’s administrator must replace it" },
    { G_TLS_CERTIFICATE_UNKNOWN_CA, SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE,
      "must send the current intermediate certificate" },
    { 0, SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE, "must send the current intermediate certificate" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, SPC_CERTIFICATE_FAULT_WEAK_KEY, "must replace it" },
    { G_TLS_CERTIFICATE_UNKNOWN_CA, SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE | SPC_CERTIFICATE_FAULT_WEAK_KEY,
      "faults only the server’s administrator can fix" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Fake fakes[] = {
        { 465, SPC_MODE_TLS, SPC_STATUS_CERTIFICATE_INVALID, 50, "TLS 1.3", "PLAIN", cases[i].flags,
          .faults = cases[i].faults },
      };
      g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
      g_autofree char *text = spc_advice_describe_failure (model);

      g_test_message ("%s", text);
      g_assert_nonnull (strstr (text, cases[i].expected));
      if (cases[i].flags != G_TLS_CERTIFICATE_UNKNOWN_CA || cases[i].faults != 0)
        g_assert_null (strstr (text, "certificate authority"));
    }
}

static void
test_join_ports (void)
{
  const guint16 three[] = { 25, 465, 587 };
  const struct {
    guint       n_ports;
    const char *expected;
    const char *sentence;
  } cases[] = {
    { 0, "", "Nothing listens on ports ." },
    { 1, "25", "Nothing listens on port 25." },
    { 2, "25 and 465", "Nothing listens on ports 25 and 465." },
    { 3, "25, 465 and 587", "Nothing listens on ports 25, 465 and 587." },
  };
  static const SpcPluralText nothing = NP_("Nothing listens on port %s.", "Nothing listens on ports %s.");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) ports = _spc_advice_port_array_new ();
      g_autofree char *joined = NULL;
      g_autofree char *sentence = NULL;

      g_array_append_vals (ports, three, cases[i].n_ports);
      joined = _spc_advice_join_ports (ports);
      sentence = _spc_advice_format_ports (&nothing, ports);
      g_assert_cmpstr (joined, ==, cases[i].expected);
      g_assert_cmpstr (sentence, ==, cases[i].sentence);
    }
}

/* One port of each kind of failure: one sentence each, in a fixed order */
static void
test_failure_every_group (void)
{
  const Fake fakes[] = {
    { 10, SPC_MODE_STARTTLS, SPC_STATUS_CANCELLED, -1, NULL, NULL, 0 },
    { 11, SPC_MODE_STARTTLS, SPC_STATUS_NOT_SMTP, 5, NULL, NULL, 0, SPC_DETAIL_WEB_SERVER },
    { 12, SPC_MODE_STARTTLS, SPC_STATUS_UNREACHABLE, -1, NULL, NULL, 0 },
    REFUSED (13),
    { 14, SPC_MODE_STARTTLS, SPC_STATUS_TIMEOUT, -1, NULL, NULL, 0 },
    { 15, SPC_MODE_STARTTLS, SPC_STATUS_REJECTED, 5, NULL, NULL, 0 },
    { 16, SPC_MODE_STARTTLS, SPC_STATUS_PLAINTEXT_ONLY, 5, NULL, "PLAIN", 0 },
    { 17, SPC_MODE_STARTTLS, SPC_STATUS_NO_AUTH, 5, "TLS 1.3", "", 0 },
    { 18, SPC_MODE_TLS, SPC_STATUS_CERTIFICATE_INVALID, 5, "TLS 1.3", "PLAIN", G_TLS_CERTIFICATE_EXPIRED },
    FILTERED (19),
    { 20, SPC_MODE_STARTTLS, SPC_STATUS_NO_GREETING, -1, NULL, NULL, 0 },
    /* No AUTH in clear: no password to travel */
    { 21, SPC_MODE_STARTTLS, SPC_STATUS_PLAINTEXT_ONLY, 5, NULL, "", 0 },
    /* Broken TLS: one sentence for all, the library's error only in the details */
    { 22, SPC_MODE_TLS, SPC_STATUS_TLS_FAILED, 5, NULL, NULL, 0, SPC_DETAIL_TLS_HANDSHAKE_FAILED },
    { 23, SPC_MODE_STARTTLS, SPC_STATUS_TLS_FAILED, 5, NULL, NULL, 0, SPC_DETAIL_TLS_CLOSED },
  };
  const char *expected =
    "Port 19 is blocked somewhere between you and the server. "
    "Port 18 answers, but its certificate is outside its dates: check this computer’s clock, and if it is right, tell your provider to renew the certificate. "
    "Port 17 works but offers no authentication: it takes mail only for relay between servers, not from a mail client. "
    "Port 16 offers no encryption: a password would travel in clear, so do not use it. "
    "Port 21 offers neither encryption nor login: it takes mail only for relay between servers, not from a mail client. "
    "The server’s TLS is broken on ports 22 and 23: tell your provider (the details show each error). "
    "The server turned the connection away on port 15; it may have blocked your address: ask your provider. "
    "Ports 14 and 20 accepted the connection, then the server stayed silent. "
    "Nothing listens on port 13. "
    "The server could not be reached on port 12. "
    "Port 11: A web server answered, not a mail server. "
    "The check of port 10 did not finish.";
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autofree char *text = spc_advice_describe_failure (model);

  g_assert_cmpstr (text, ==, expected);
}

/* A port that lost by its own words keeps them as they were written */
static void
test_recommend_loser_summary (void)
{
  const Fake fakes[] = {
    GREEN_STARTTLS (587, 20),
    { 80, SPC_MODE_STARTTLS, SPC_STATUS_NOT_SMTP, 5, NULL, NULL, 0, SPC_DETAIL_WEB_SERVER },
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (model, "smtp.example.com");

  g_assert_nonnull (recommendation);
  g_assert_nonnull (strstr (recommendation->reason, " Port 80: A web server answered, not a mail server."));
}

/* Valid on some ports, not on others: both told, each problem on its line */
static void
test_checklist_certificate_mixed (void)
{
  const Fake fakes[] = {
    GREEN_STARTTLS (587, 20),
    { 465, SPC_MODE_TLS, SPC_STATUS_CERTIFICATE_INVALID, 50, "TLS 1.3", "PLAIN",
      G_TLS_CERTIFICATE_BAD_IDENTITY | G_TLS_CERTIFICATE_REVOKED },
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);

  g_assert_cmpstr (item (items, "Is the certificate valid")->headline, ==,
                   "Port 465 has a certificate problem. On port 587 it is valid.");
  g_assert_true (g_str_has_prefix (item (items, "Is the certificate valid")->evidence,
                                   "Port 465: The certificate was not issued for smtp.example.com. Ask the provider which server name to use.\n"
                                   "Port 465: The certificate has been revoked by its authority. The server’s administrator must install a new one: tell the provider.\n"));
  /* Each problem said once: the faulty port's own measured line, which
   * would say it again, is left out; the valid port's is there */
  {
    const char *evidence = item (items, "Is the certificate valid")->evidence;
    g_auto(GStrv) lines = g_strsplit (evidence, "\n", -1);
    guint port_465_lines = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      port_465_lines += g_str_has_prefix (lines[i], "Port 465: ");
    g_assert_cmpuint (port_465_lines, ==, 2);
    g_assert_nonnull (strstr (evidence, "\nPort 587: "));
  }
}

/* A fault GnuTLS found in the chain makes the certificate invalid as a
 * validation error does: no "Yes" over a weak key (found by review) */
static void
test_checklist_certificate_faults (void)
{
  const Fake fakes[] = {
    { .port = 465, .mode = SPC_MODE_TLS, .status = SPC_STATUS_CERTIFICATE_INVALID, .total_ms = 50,
      .tls_version = "TLS 1.3", .auth = "PLAIN", .detail = SPC_DETAIL_CERTIFICATE,
      .faults = SPC_CERTIFICATE_FAULT_WEAK_KEY },
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);
  g_autoptr(SpcResult) port_465 = g_list_model_get_item (model, 0);
  g_autofree char *summary = spc_summary_for_result (port_465);

  g_assert_false (spc_result_get_certificate_valid (port_465));
  /* The summary and the checklist say the same */
  g_assert_cmpstr (summary, ==, "Certificate not trusted: its key is too weak");
  assert_answer (items, "Is the certificate valid", "No: Port 465 has a certificate problem.", NULL);
  g_assert_nonnull (strstr (item (items, "Is the certificate valid")->evidence, "too weak"));
  assert_answer (items, "Can I use port 465", "No: Not safely", NULL);
}

/* Checked in clear, as asked (--ports N/plain), on a server that offers
 * STARTTLS: neither "no encryption" nor "no login", which the STARTTLS not
 * tried may hold; nor from the clear EHLO of a failed handshake (found by
 * review) */
static void
test_checklist_plain_as_asked (void)
{
  const Fake plain[] = {
    { .port = 587, .mode = SPC_MODE_PLAIN, .status = SPC_STATUS_PLAINTEXT_ONLY, .total_ms = 30,
      .auth = "", .detail = SPC_DETAIL_PLAINTEXT, .offers_starttls = TRUE },
    { .port = 2525, .mode = SPC_MODE_PLAIN, .status = SPC_STATUS_PLAINTEXT_ONLY, .total_ms = 30,
      .auth = "", .detail = SPC_DETAIL_PLAINTEXT, .offers_starttls = TRUE },
  };
  const Fake plain_and_green[] = {
    GREEN_TLS (465, 40),
    { .port = 587, .mode = SPC_MODE_PLAIN, .status = SPC_STATUS_PLAINTEXT_ONLY, .total_ms = 30,
      .auth = "", .detail = SPC_DETAIL_PLAINTEXT, .offers_starttls = TRUE },
  };
  const Fake handshake_failed[] = {
    { .port = 587, .mode = SPC_MODE_STARTTLS, .status = SPC_STATUS_TLS_FAILED, .total_ms = 30,
      .auth = "", .detail = SPC_DETAIL_TLS_HANDSHAKE_FAILED },
  };
  g_autoptr(GListModel) model = fake_results (plain, G_N_ELEMENTS (plain));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);
  g_autoptr(SpcResult) port_587 = g_list_model_get_item (model, 0);
  g_autofree char *summary = spc_summary_for_result (port_587);
  g_autofree char *failure = spc_advice_describe_failure (model);
  g_autoptr(GListModel) green_model = fake_results (plain_and_green, G_N_ELEMENTS (plain_and_green));
  g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (green_model, "smtp.example.com");
  g_autoptr(GListModel) failed_model = fake_results (handshake_failed, G_N_ELEMENTS (handshake_failed));
  g_autoptr(GPtrArray) failed_items = spc_advice_answer_checklist (failed_model);

  g_assert_cmpstr (summary, ==, "Unencrypted, as asked (the server also offers STARTTLS)");
  assert_answer (items, "Does the server offer encryption",
                 "Yes: Ports 587 and 2525 offer STARTTLS, but were checked without encryption, as asked.", NULL);
  assert_answer (items, "Does the server require authentication",
                 "Not known: Ports 587 and 2525 offer no sign-in in clear, but they offer STARTTLS", NULL);
  assert_answer (items, "Does the server accept port 2525",
                 "Not known: Port 2525 was checked without encryption, as asked; it offers STARTTLS", NULL);
  g_test_message ("%s", failure);
  g_assert_null (strstr (failure, "neither encryption nor login"));
  g_assert_null (strstr (failure, "offer no encryption"));
  g_assert_nonnull (strstr (failure, "Ports 587 and 2525 were checked without encryption, as asked, but the server offers STARTTLS there: check them with STARTTLS"));

  g_assert_nonnull (recommendation);
  g_test_message ("%s", recommendation->reason);
  g_assert_nonnull (strstr (recommendation->reason, "Port 587 was checked without encryption, as asked; the server offers STARTTLS there, which was not tried."));
  g_assert_null (strstr (recommendation->reason, "neither encryption nor login"));

  assert_answer (failed_items, "Does the server require authentication",
                 "Not known: Port 587 offers no sign-in in clear", NULL);
}

/* Issue 11: each port's own TLS version, no "No" over a silent port 25,
 * the extensions in words, the timings, AUTH before TLS */
static void
test_checklist_server (void)
{
  const Fake fakes[] = {
    { 25, SPC_MODE_STARTTLS, SPC_STATUS_NO_GREETING, -1, NULL, NULL, 0, SPC_DETAIL_SILENT },
    { 465, SPC_MODE_TLS, SPC_STATUS_OK, 15000, "TLS 1.3", "PLAIN", 0 },
    { 587, SPC_MODE_STARTTLS, SPC_STATUS_OK, 12000, "TLS 1.2", "PLAIN", 0 },
  };
  const char *ehlo[] = { "localhost", "SMTPUTF8", "8BITMIME", "DSN", "SIZE 36700160", "AUTH PLAIN", NULL };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(SpcResult) port_465 = g_list_model_get_item (model, 1);
  g_autoptr(SpcResult) port_587 = g_list_model_get_item (model, 2);
  g_autoptr(GPtrArray) items = NULL;
  SpcCapabilities caps = { 0 };
  const SpcChecklistItem *found;

  spc_capabilities_parse_ehlo (&caps, ehlo);
  spc_result_set_capabilities_before_tls (port_587, &caps);
  spc_result_set_capabilities (port_465, &caps);
  spc_capabilities_clear (&caps);
  items = spc_advice_answer_checklist (model);

  assert_answer (items, "Does the server offer encryption", "Yes: Encrypted on ports 465 and 587.", NULL);
  found = item (items, "Does the server offer encryption");
  g_assert_nonnull (strstr (found->evidence, "Port 465: TLS 1.3"));
  g_assert_nonnull (strstr (found->evidence, "Port 587: TLS 1.2"));

  assert_answer (items, "Is port 25 blocked", "Not known", "no mail server greeted");

  assert_answer (items, "How compatible", "Well", NULL);
  found = item (items, "How compatible");
  g_assert_cmpint (found->answer, ==, SPC_CHECKLIST_ANSWERED);
  g_assert_nonnull (strstr (found->evidence, "Port 465: Messages, attachments included, may be up to 36.7"));
  g_assert_nonnull (strstr (found->evidence, "Delivery reports can be requested"));

  assert_answer (items, "Is it fast and reliable", "No: Even port 587 took 12000 ms", NULL);
  g_assert_nonnull (strstr (item (items, "Is it fast and reliable")->evidence, "Port 25:"));

  found = item (items, "Does the server require authentication");
  g_assert_nonnull (strstr (found->evidence, "Port 587 also offers login before encryption"));
}

/* "Works on no port" only about a mode some port was checked with (found
 * by review) */
static void
test_checklist_encryption_choice (void)
{
  const Fake only_tls[] = { GREEN_TLS (465, 40), FILTERED (25) };
  const Fake only_starttls[] = { GREEN_STARTTLS (587, 40) };
  const Fake both_checked[] = { GREEN_TLS (465, 40), REFUSED (587) };
  g_autoptr(GListModel) tls_model = fake_results (only_tls, G_N_ELEMENTS (only_tls));
  g_autoptr(GPtrArray) tls_items = spc_advice_answer_checklist (tls_model);
  g_autoptr(GListModel) starttls_model = fake_results (only_starttls, G_N_ELEMENTS (only_starttls));
  g_autoptr(GPtrArray) starttls_items = spc_advice_answer_checklist (starttls_model);
  g_autoptr(GListModel) both_model = fake_results (both_checked, G_N_ELEMENTS (both_checked));
  g_autoptr(GPtrArray) both_items = spc_advice_answer_checklist (both_model);

  /* FILTERED (25) is a STARTTLS port: checked, and it did not work */
  assert_answer (tls_items, "Do I need a specific encryption", "Yes: SSL/TLS on port 465; STARTTLS works on no port from here.", NULL);
  assert_answer (starttls_items, "Do I need a specific encryption",
                 "Not known: STARTTLS works on port 587; no port was checked with SSL/TLS", NULL);
  assert_answer (both_items, "Do I need a specific encryption", "Yes: SSL/TLS on port 465", NULL);
  {
    const Fake tls_alone[] = { GREEN_TLS (465, 40) };
    g_autoptr(GListModel) model = fake_results (tls_alone, G_N_ELEMENTS (tls_alone));
    g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);

    assert_answer (items, "Do I need a specific encryption",
                   "Not known: SSL/TLS works on port 465; no port was checked with STARTTLS", NULL);
  }
}

/* "Does the server accept port N?" and the provider's claim say what was
 * measured: a port checked with the other encryption, or silent, is Not
 * known; a claim not checked, cut short or yellow is not "does not work"
 * (found by review) */
static void
test_checklist_port_measured (void)
{
  const Fake fakes[] = {
    { 465, SPC_MODE_STARTTLS, SPC_STATUS_MODE_MISMATCH, 20, NULL, NULL, 0, SPC_DETAIL_EXPECTS_TLS },
    { 2525, SPC_MODE_STARTTLS, SPC_STATUS_NO_GREETING, -1, NULL, NULL, 0, SPC_DETAIL_SILENT },
    GREEN_STARTTLS (587, 40),
    { 25, SPC_MODE_STARTTLS, SPC_STATUS_NO_AUTH, 40, "TLS 1.3", "", 0, SPC_DETAIL_NO_LOGIN },
    PENDING (4650, SPC_MODE_TLS),
    { 80, SPC_MODE_STARTTLS, SPC_STATUS_NOT_SMTP, 5, NULL, NULL, 0, SPC_DETAIL_WEB_SERVER },
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);
  g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (model, "smtp.example.com");
  const struct {
    guint16     port;
    SpcMode     mode;
    guint       result;   /* index in @fakes; G_MAXUINT: not checked */
    const char *expected;
  } claims[] = {
    { 587, SPC_MODE_STARTTLS, 2, "Your provider says port 587 with STARTTLS on smtp.example.com, and it works from here." },
    { 465, SPC_MODE_TLS, G_MAXUINT,
      "Your provider says port 465 with SSL/TLS on smtp.example.com; it was not checked from here. "
      "From here, port 587 with STARTTLS on smtp.example.com works." },
    { 4650, SPC_MODE_TLS, 4,
      "Your provider says port 4650 with SSL/TLS on smtp.example.com; its check did not finish. "
      "From here, port 587 with STARTTLS on smtp.example.com works." },
    { 25, SPC_MODE_STARTTLS, 3,
      "Your provider says port 25 with STARTTLS on smtp.example.com; from here it works, but with a warning (see that port). "
      "From here, port 587 with STARTTLS on smtp.example.com works." },
    { 80, SPC_MODE_STARTTLS, 5,
      "Your provider says port 80 with STARTTLS on smtp.example.com; from here that does not work, but port 587 with STARTTLS on smtp.example.com does." },
  };

  assert_answer (items, "Can I use port 465", "Not known: Port 465 speaks SSL/TLS from the first byte, not STARTTLS", NULL);
  assert_answer (items, "Does the server accept port 2525", "Not known: Port 2525 accepted the connection", NULL);

  g_assert_nonnull (recommendation);
  for (guint i = 0; i < G_N_ELEMENTS (claims); i++)
    {
      g_autoptr(SpcCandidate) claim = spc_candidate_new ("smtp.example.com", claims[i].port, claims[i].mode);
      g_autoptr(SpcResult) result = claims[i].result != G_MAXUINT ? g_list_model_get_item (model, claims[i].result) : NULL;
      g_autofree char *text = spc_discovery_advice_describe_claim (claim, result, recommendation);

      g_assert_cmpstr (text, ==, claims[i].expected);
    }
  {
    g_autoptr(SpcCandidate) claim = spc_candidate_new ("smtp.example.com", 465, SPC_MODE_TLS);
    g_autofree char *text = spc_discovery_advice_describe_claim (claim, NULL, NULL);

    g_assert_cmpstr (text, ==, "Your provider says port 465 with SSL/TLS on smtp.example.com; it was not checked from here.");
  }
}

/* A slow run is no "Yes" either: it fails the "fast" half (found by review) */
static void
test_checklist_slow (void)
{
  const Fake fakes[] = {
    GREEN_STARTTLS (587, 5000),
    { 25, SPC_MODE_STARTTLS, SPC_STATUS_TIMEOUT, -1, NULL, NULL, 0, SPC_DETAIL_ANSWER_TIMEOUT },
  };
  g_autoptr(GListModel) model = fake_results (fakes, G_N_ELEMENTS (fakes));
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (model);

  assert_answer (items, "Is it fast and reliable", "No: Slow: port 587 took 5000 ms", NULL);
  g_assert_nonnull (strstr (item (items, "Is it fast and reliable")->evidence, "One run cannot tell"));
  g_assert_nonnull (strstr (item (items, "Is it fast and reliable")->evidence, "Port 25:"));
}

/* Sentences name an IDN as people write it, not in its punycode */
static void
test_summary_idn (void)
{
  g_autoptr(SpcResult) result = spc_result_new (587, SPC_MODE_STARTTLS);
  g_autofree char *summary = NULL;

  spc_result_set_host (result, "xn--bcher-kva.example", NULL);
  spc_result_finish (result, SPC_STATUS_DNS_ERROR, SPC_DETAIL_DNS_NOT_FOUND);
  summary = spc_summary_for_result (result);
  g_assert_nonnull (strstr (summary, "bücher.example"));
  g_assert_null (strstr (summary, "xn--"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/advice/recommend/order", test_recommend_order);
  g_test_add_func ("/advice/recommend/latency", test_recommend_latency);
  g_test_add_func ("/advice/recommend/decided", test_recommend_decided);
  g_test_add_func ("/advice/recommend/progress", test_progress_text);
  g_test_add_func ("/advice/recommend/auth", test_recommend_auth);
  g_test_add_func ("/advice/recommend/loser-summary", test_recommend_loser_summary);
  g_test_add_func ("/advice/join-ports", test_join_ports);
  g_test_add_func ("/advice/failure/every-group", test_failure_every_group);
  g_test_add_func ("/advice/failure/nothing-green", test_nothing_green);
  g_test_add_func ("/advice/failure/certificate-kinds", test_failure_certificate_kinds);
  g_test_add_func ("/advice/config/formats", test_config_formats);
  g_test_add_func ("/advice/checklist/typical", test_checklist_typical);
  g_test_add_func ("/advice/checklist/problems", test_checklist_problems);
  g_test_add_func ("/advice/checklist/reference", test_checklist_reference);
  g_test_add_func ("/advice/checklist/certificate-mixed", test_checklist_certificate_mixed);
  g_test_add_func ("/advice/checklist/certificate-faults", test_checklist_certificate_faults);
  g_test_add_func ("/advice/checklist/plain-as-asked", test_checklist_plain_as_asked);
  g_test_add_func ("/advice/checklist/slow", test_checklist_slow);
  g_test_add_func ("/advice/checklist/port-measured", test_checklist_port_measured);
  g_test_add_func ("/advice/checklist/encryption-choice", test_checklist_encryption_choice);
  g_test_add_func ("/advice/checklist/answered-25", test_checklist_answered_25);
  g_test_add_func ("/advice/checklist/empty", test_checklist_empty);
  g_test_add_func ("/advice/checklist/server", test_checklist_server);
  g_test_add_func ("/advice/summary/idn", test_summary_idn);

  return g_test_run ();
}
