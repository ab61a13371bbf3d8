/* spc-discovery-http.c — config-v1.1.xml documents over HTTP(S)
 *
 * The certificate is validated (the discovery's TLS database: the system's
 * plus --ca-file); a failure is an error, never a fallback. No redirect is
 * followed and no cookie kept; the body is read up to
 * SPC_AUTOCONFIG_MAX_BYTES and refused beyond.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-discovery-private.h"

#define READ_CHUNK 16384

static void read_body (SpcLookup *lookup);

static void
fetch_end (SpcLookup         *lookup,
           SpcSourceResult    result,
           SpcProviderConfig *config,
           const char        *detail)
{
  g_clear_object (&lookup->stream);
  _spc_discovery_lookup_finish (lookup, result, config != NULL ? config->servers : NULL,
                                config != NULL ? config->display_name : NULL, detail);
}

static void
body_complete (SpcLookup *lookup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcProviderConfig) config =
    spc_provider_config_parse ((const char *) lookup->body->data, lookup->body->len, &error);

  if (config == NULL)
    fetch_end (lookup, SPC_SOURCE_RESULT_ERROR, NULL, error->message);
  else
    fetch_end (lookup, config->servers->len > 0 ? SPC_SOURCE_RESULT_FOUND : SPC_SOURCE_RESULT_NONE,
               config, NULL);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SpcLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (bytes == NULL)
    {
      fetch_end (lookup, _spc_discovery_lookup_result_for_error (lookup, error), NULL, error->message);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      body_complete (lookup);
      return;
    }
  g_byte_array_append (lookup->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (lookup->body->len > SPC_AUTOCONFIG_MAX_BYTES)
    {
      fetch_end (lookup, SPC_SOURCE_RESULT_ERROR, NULL, "The document is larger than 1 MiB.");
      return;
    }
  read_body (lookup);
}

static void
read_body (SpcLookup *lookup)
{
  /* One byte beyond the cap is enough to know it is too large */
  gsize room = SPC_AUTOCONFIG_MAX_BYTES + 1 - lookup->body->len;

  g_input_stream_read_bytes_async (lookup->stream, MIN (READ_CHUNK, room), G_PRIORITY_DEFAULT,
                                   lookup->cancellable, read_cb, lookup);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SpcLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  guint status;
  goffset length;

  lookup->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (lookup->stream == NULL)
    {
      fetch_end (lookup, _spc_discovery_lookup_result_for_error (lookup, error), NULL, error->message);
      return;
    }

  status = soup_message_get_status (lookup->message);
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      fetch_end (lookup, SPC_SOURCE_RESULT_NONE, NULL, NULL);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *detail = g_strdup_printf ("HTTP status %u", status);

      fetch_end (lookup, SPC_SOURCE_RESULT_ERROR, NULL, detail);
      return;
    }
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (lookup->message));
  if (length > SPC_AUTOCONFIG_MAX_BYTES)
    {
      fetch_end (lookup, SPC_SOURCE_RESULT_ERROR, NULL, "The document is larger than 1 MiB.");
      return;
    }

  lookup->body = g_byte_array_new ();
  read_body (lookup);
}

void
_spc_discovery_fetch (SpcLookup  *lookup,
                      const char *url)
{
  SpcDiscovery *self = lookup->discovery;

  g_clear_object (&lookup->message);
  g_clear_pointer (&lookup->body, g_byte_array_unref);
  lookup->message = soup_message_new (SOUP_METHOD_GET, url);
  if (lookup->message == NULL)
    {
      fetch_end (lookup, SPC_SOURCE_RESULT_ERROR, NULL, "The URL is not valid.");
      return;
    }
  soup_message_add_flags (lookup->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (self->session, lookup->message, G_PRIORITY_DEFAULT,
                           lookup->cancellable, send_cb, lookup);
}

void
_spc_discovery_start_document (SpcDiscovery  *self,
                               SpcSourceKind  kind,
                               const char    *url,
                               gboolean       secure)
{
  SpcLookup *lookup = _spc_discovery_lookup_new (self, kind, url, secure);

  _spc_discovery_fetch (lookup, url);
}
