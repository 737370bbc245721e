#pragma once

#include "common/result.h"

#include <QStringList>

namespace Entra {

// Where to find the TPM. An explicit TCTI (the CLI's --tcti) wins; without one the TSS2_TCTI
// environment variable is used; without that the kernel resource manager /dev/tpmrm0, then the
// raw /dev/tpm0.
struct TctiOptions
{
    QString explicitTcti;
    bool useEnvironment = true;
    QStringList defaultDevices = { QStringLiteral("/dev/tpmrm0"), QStringLiteral("/dev/tpm0") };
    QString sysfsTpmDir = QStringLiteral("/sys/class/tpm"); // for the TPM version of a device
};

struct TctiChoice
{
    enum class Source { Explicit, Environment, Default };
    Source source = Source::Default;
    QStringList candidates; // TCTI configuration strings, tried in order
};

QString tctiSourceName(TctiChoice::Source source);

class TpmTcti
{
public:
    static TctiChoice resolve(const TctiOptions &options);

    // "device:/dev/tpmrm0" -> "/dev/tpmrm0"; empty for other TCTIs. "device" alone means
    // /dev/tpm0, as in tpm2-tss.
    static QString devicePath(const QString &tcti);

    // Checks a TPM character device before the TSS opens it, so that "no device", "permission
    // denied" and "TPM 1.2" get their own explanation instead of an opaque I/O error.
    static Status checkDevice(const QString &path, const QString &sysfsTpmDir);

    // The error for a device that could not be opened with `errnoValue` (ENOENT, EACCES...).
    static Error deviceError(const QString &path, int errnoValue);
};

} // namespace Entra
