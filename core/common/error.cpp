#include "error.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

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
