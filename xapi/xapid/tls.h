/* SPDX-License-Identifier: MIT */
/*
 * The TLS side of the HTTPS listener (OpenSSL).
 */
#ifndef XAPID_TLS_H
#define XAPID_TLS_H

#include <openssl/ssl.h>

/*
 * Makes a server context from a PEM certificate and key.  If neither file
 * exists and generate is set, first makes a self-signed certificate (EC
 * P-256, CN and subjectAltName "localhost" and 127.0.0.1, valid ten years)
 * and writes the key with mode 0600.  TLS 1.2 is the minimum.  Returns the
 * context, or NULL after printing why on stderr.
 */
SSL_CTX *tls_server_ctx(const char *cert_path, const char *key_path,
			int generate);

#endif
