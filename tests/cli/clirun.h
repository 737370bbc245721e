#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

// Runs the real entra-doctor binary (ENTRA_DOCTOR_BINARY) with `arguments` and waits for it.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    static CliRun run(const QStringList &arguments, int timeoutMs = 60000)
    {
        QProcess process;
        process.start(QStringLiteral(ENTRA_DOCTOR_BINARY), arguments);
        if (!process.waitForStarted())
            qFatal("cannot start the binary");
        process.closeWriteChannel();
        if (!process.waitForFinished(timeoutMs))
            qFatal("the binary did not finish");
        return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                 process.readAllStandardOutput(), process.readAllStandardError() };
    }
};
