#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor join --tenant DOMAIN [--type join|register] [--name NAME]`
class JoinCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QList<QCommandLineOption> options() const override;
    bool usesDeviceState(const QCommandLineParser &) const override { return true; }
    int run(const Invocation &invocation) override;
};

// `entra-doctor leave [--local-only]`
class LeaveCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QList<QCommandLineOption> options() const override;
    bool usesDeviceState(const QCommandLineParser &) const override { return true; }
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
