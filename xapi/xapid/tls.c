// SPDX-License-Identifier: MIT
// The HTTPS context: the user's certificate, or a self-signed one made once.
#include "tls.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -EINVAL;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -EINVAL;
}

static int write_pem(const char *path, EVP_PKEY *key, X509 *cert)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	FILE *f;
	int ok;

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -errno;
	}
	ok = key ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)
		 : PEM_write_X509(f, cert);
	if (fclose(f))
		ok = 0;
	return ok ? 0 : -EIO;
}

/* A random positive 64-bit serial, as RFC 5280 asks of a CA. */
static int set_serial(X509 *cert)
{
	BIGNUM *bn = BN_new();
	int ok;

	if (!bn)
		return -ENOMEM;
	ok = BN_rand(bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
	     BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
	BN_free(bn);
	return ok ? 0 : -EIO;
}

static int make_self_signed(const char *cert_path, const char *key_path)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert = X509_new();
	X509_NAME *name;
	char host[256] = "localhost";
	int rc = -EIO;

	if (!key || !cert)
		goto out;
	gethostname(host, sizeof(host) - 1);
	X509_set_version(cert, 2);
	if (set_serial(cert))
		goto out;
	X509_gmtime_adj(X509_getm_notBefore(cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
	X509_set_pubkey(cert, key);
	name = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
				   (const unsigned char *)"Xenolith xapid", -1,
				   -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)host, -1, -1, 0);
	X509_set_issuer_name(cert, name);
	if (add_ext(cert, NID_subject_alt_name,
		    "DNS:localhost,IP:127.0.0.1,IP:::1") ||
	    add_ext(cert, NID_basic_constraints, "critical,CA:FALSE") ||
	    !X509_sign(cert, key, EVP_sha256()))
		goto out;
	rc = write_pem(key_path, key, NULL);
	if (!rc)
		rc = write_pem(cert_path, NULL, cert);
	if (rc)
		unlink(key_path);
out:
	X509_free(cert);
	EVP_PKEY_free(key);
	return rc;
}

SSL_CTX *tls_server_ctx(const char *cert_path, const char *key_path,
			int generate)
{
	SSL_CTX *ctx;
	int rc;

	if (generate && access(cert_path, F_OK) && access(key_path, F_OK)) {
		rc = make_self_signed(cert_path, key_path);
		if (rc) {
			fprintf(stderr, "xapid: cannot make a certificate in %s: %s\n",
				cert_path, strerror(-rc));
			return NULL;
		}
		fprintf(stderr, "xapid: made a self-signed certificate %s\n",
			cert_path);
	}
	ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_path) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key_path, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		fprintf(stderr, "xapid: certificate %s / key %s: ", cert_path,
			key_path);
		ERR_print_errors_fp(stderr);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}
