#include "tpmconnection.h"

#include <cerrno>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

TpmConnection::TpmConnection(TctiOptions options)
    : m_options(std::move(options))
{ }

TpmConnection::~TpmConnection() = default;

Result<TpmSession *> TpmConnection::session()
{
    if (m_session && m_session->isBroken()) {
        qCDebug(lcTpm) << "reconnecting to the TPM after a lost connection";
        m_session.reset();
    }
    if (!m_session) {
        Result<std::unique_ptr<TpmSession>> opened = openFirstAvailable();
        if (!opened)
            return opened.error();
        m_session = std::move(opened).value();
    }
    return m_session.get();
}

void TpmConnection::reset()
{
    m_session.reset();
}

QString TpmConnection::tcti() const
{
    if (m_session)
        return m_session->tcti();
    const QStringList candidates = choice().candidates;
    return candidates.value(0);
}

Result<std::unique_ptr<TpmSession>> TpmConnection::openFirstAvailable() const
{
    const TctiChoice resolved = choice();
    std::optional<Error> firstError;
    QStringList missingDevices;
    for (const QString &tcti : resolved.candidates) {
        const QString device = TpmTcti::devicePath(tcti);
        if (!device.isEmpty()) {
            const Status status = TpmTcti::checkDevice(device, m_options.sysfsTpmDir);
            if (!status) {
                if (tpmErrorKind(status.error()) == TpmErrorKind::NoDevice)
                    missingDevices << device;
                else if (!firstError)
                    firstError = status.error();
                continue;
            }
        }
        Result<std::unique_ptr<TpmSession>> session = TpmSession::open(tcti);
        if (session)
            return session;
        if (!firstError)
            firstError = session.error();
    }
    if (firstError)
        return *firstError;
    Error error = TpmTcti::deviceError(missingDevices.value(0), ENOENT);
    if (missingDevices.size() > 1) {
        error.message
            = u"No TPM was found (%1 do not exist)."_s.arg(missingDevices.join(u" and "_s));
        error.detail = u"tried %1"_s.arg(missingDevices.join(u", "_s));
    }
    return error;
}

} // namespace Entra
