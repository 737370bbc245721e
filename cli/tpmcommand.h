#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor tpm [--json]`: TPM readiness like Get-Tpm, the verdict first, and which key
// provider registration would use.
class TpmCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QList<QCommandLineOption> options() const override;
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
