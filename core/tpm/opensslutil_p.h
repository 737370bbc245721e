#pragma once

// Internal to core/tpm: OpenSSL ownership helpers and error decoding.

#include "common/error.h"

#include <QByteArray>

#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace Entra::OpenSsl {

struct Free
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
};

using PKey = std::unique_ptr<EVP_PKEY, Free>;
using PKeyCtx = std::unique_ptr<EVP_PKEY_CTX, Free>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Free>;
using Bio = std::unique_ptr<BIO, Free>;
using BigNum = std::unique_ptr<BIGNUM, Free>;
using Certificate = std::unique_ptr<X509, Free>;

// An Error in the Crypto domain; OpenSSL's error queue (emptied) goes to `detail`.
Error error(const QString &message, const QString &fix = {});

inline Bio memoryBio(const QByteArray &bytes)
{
    return Bio(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

QByteArray bioBytes(BIO *bio);

} // namespace Entra::OpenSsl
