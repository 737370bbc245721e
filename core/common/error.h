#pragma once

#include <QString>

namespace Entra {

// Where an error came from; the knowledge base maps (domain, code) to a meaning and a fix.
enum class ErrorDomain {
    Usage,
    Io,
    Parse,
    Crypto,
    Tpm,
    Cloud,
    Store,
    Internal,
};

QString errorDomainName(ErrorDomain domain);

// A failure with enough context to explain it to a person: what happened and what to do.
struct Error
{
    ErrorDomain domain = ErrorDomain::Internal;
    qint64 code = 0;  // raw code from the source (TSS2_RC, HRESULT, HTTP status...), 0 if none
    QString message;  // one plain sentence: what went wrong
    QString fix;      // what the user can do about it; may be empty
    QString detail;   // technical detail for logs and "copy for ticket"; never a secret

    QString toDisplayString() const;
};

} // namespace Entra
