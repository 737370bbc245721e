#pragma once

// Shared by the libFuzzer targets (fuzz/README.md): a QCoreApplication for code that expects
// one, quiet Qt messages (a parser's qWarning is not a finding; qFatal still aborts), and the
// input as a QByteArray that owns a copy (so ASan sees reads past the fuzzer's buffer).

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace Entra::Fuzz {

inline void quietMessages(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
        std::abort();
    }
    if (qEnvironmentVariableIsSet("ENTRA_FUZZ_VERBOSE"))
        std::fprintf(stderr, "%s\n", qPrintable(message));
}

// Call from LLVMFuzzerInitialize.
inline void initialize(int *argc, char ***argv)
{
    qInstallMessageHandler(quietMessages);
    static QCoreApplication app(*argc, *argv);
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// An invariant of the code under test failed: a finding, as much as a crash.
[[noreturn]] inline void invariantFailed(const char *what)
{
    std::fprintf(stderr, "invariant failed: %s\n", what);
    std::abort();
}

// A scratch folder for targets that need files: under $ENTRA_FUZZ_WORKDIR, else the current
// directory (the CTest runner starts every target in its own working folder).
inline QString workDirectory()
{
    const QString base = qEnvironmentVariableIsSet("ENTRA_FUZZ_WORKDIR")
        ? qEnvironmentVariable("ENTRA_FUZZ_WORKDIR")
        : QDir::currentPath();
    return QDir(base).absolutePath();
}

} // namespace Entra::Fuzz
