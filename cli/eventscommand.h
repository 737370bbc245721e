#pragma once

#include "clicommand.h"

namespace Entra::Cli {

// `entra-doctor events FILE... [--json | --count] [--channel NAME] [--id N] [--level L]
// [--since ISO] [--until ISO] [--text S]`: the records of .evtx files, filtered, as text lines,
// JSON lines or a count. Damaged files are read as far as they can be; what was skipped is
// reported on standard error.
class EventsCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    QString argumentsSyntax() const override;
    QList<QCommandLineOption> options() const override;
    int run(const Invocation &invocation) override;
};

} // namespace Entra::Cli
