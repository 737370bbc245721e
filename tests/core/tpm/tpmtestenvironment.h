#pragma once

// A swtpm plus a TpmWorker talking to it, for the tests in this folder.

#include "swtpminstance.h"
#include "tpm/tpmworker.h"

#include <QTest>

#include <memory>

namespace Entra::Test {

struct TpmTestEnvironment
{
    SwtpmInstance swtpm;
    std::shared_ptr<TpmWorker> worker;

    TpmTestEnvironment() = default;
    explicit TpmTestEnvironment(const QString &stateDir)
        : swtpm(stateDir)
    { }

    // Starts swtpm and a worker for its TCTI (ignoring TSS2_TCTI).
    bool start()
    {
        if (!swtpm.start())
            return false;
        worker = std::make_shared<TpmWorker>(options());
        return true;
    }

    TctiOptions options() const
    {
        TctiOptions tcti;
        tcti.explicitTcti = swtpm.tcti();
        tcti.useEnvironment = false;
        return tcti;
    }
};

} // namespace Entra::Test
