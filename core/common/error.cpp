#include "error.h"

#include <openssl/crypto.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

// No OpenSSL clean-up at exit (this file is in every program, so this runs before main()):
// OPENSSL_cleanup() from atexit ran while threads that had used OpenSSL were still alive (the
// TPM worker, Qt's thread pool and network threads), and their per-thread state (error queue,
// DRBGs) was orphaned, which LeakSanitizer reported (tst_tpmcli, tst_helloflow); a thread using
// OpenSSL after that clean-up would crash. The process's memory goes with the process anyway.
[[maybe_unused]] const bool openSslWithoutAtExit =
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) == 1;

} // namespace

QString errorDomainName(ErrorDomain domain)
{
    switch (domain) {
    case ErrorDomain::Usage:
        return u"usage"_s;
    case ErrorDomain::Io:
        return u"io"_s;
    case ErrorDomain::Parse:
        return u"parse"_s;
    case ErrorDomain::Crypto:
        return u"crypto"_s;
    case ErrorDomain::Tpm:
        return u"tpm"_s;
    case ErrorDomain::Cloud:
        return u"cloud"_s;
    case ErrorDomain::Store:
        return u"store"_s;
    case ErrorDomain::Internal:
        break;
    }
    return u"internal"_s;
}

QString Error::toDisplayString() const
{
    QString text = message;
    if (!fix.isEmpty())
        text += u"\n"_s + fix;
    return text;
}

} // namespace Entra
