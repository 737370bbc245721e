#pragma once

#include "common/result.h"
#include "tpmsession.h"
#include "tpmtcti.h"

#include <memory>

namespace Entra {

// The TPM as seen from the worker thread: resolves the TCTI, checks a device before opening it,
// opens the session on first use and reopens it after the connection was lost.
class TpmConnection
{
public:
    explicit TpmConnection(TctiOptions options);
    ~TpmConnection();

    Result<TpmSession *> session();
    // Forgets the session (the next session() reconnects).
    void reset();

    const TctiOptions &options() const { return m_options; }
    TctiChoice choice() const { return TpmTcti::resolve(m_options); }
    // The TCTI of the open session, else the first candidate.
    QString tcti() const;

private:
    Result<std::unique_ptr<TpmSession>> openFirstAvailable() const;

    TctiOptions m_options;
    std::unique_ptr<TpmSession> m_session;
};

} // namespace Entra
