#include "operationlogentry.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra::OpLog {

QString resultName(OperationResult result)
{
    switch (result) {
    case OperationResult::Started:
        return u"started"_s;
    case OperationResult::Succeeded:
        return u"succeeded"_s;
    case OperationResult::Failed:
        return u"failed"_s;
    case OperationResult::Cancelled:
        return u"cancelled"_s;
    case OperationResult::RolledBack:
        return u"rolled-back"_s;
    }
    return u"unknown"_s;
}

std::optional<OperationResult> parseResult(QStringView name)
{
    for (const OperationResult r :
         { OperationResult::Started, OperationResult::Succeeded, OperationResult::Failed,
           OperationResult::Cancelled, OperationResult::RolledBack }) {
        if (name == resultName(r))
            return r;
    }
    return std::nullopt;
}

QString errorCodeText(const Error &error)
{
    const qint64 code = error.code;
    if (code == 0)
        return {};
    switch (error.domain) {
    case ErrorDomain::Cloud:
        // CloudError keeps the AADSTS number when the body had one, else the HTTP status.
        return code >= 1000 ? u"AADSTS%1"_s.arg(code) : QString::number(code);
    case ErrorDomain::Tpm:
        return u"0x"_s + QString::number(quint64(code), 16);
    default:
        break;
    }
    if (code < 0 || code > 0xFFFF) // HRESULT / NTSTATUS sized: hex as dsregcmd prints them
        return u"0x"_s + QString::number(quint32(code), 16).rightJustified(8, u'0');
    return QString::number(code);
}

} // namespace Entra::OpLog
