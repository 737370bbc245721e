#pragma once

#include "certificatefile.h"
#include "certificatereport.h"
#include "devicecertificatecheck.h"

#include <QFuture>

#include <optional>

namespace Entra {

// Everything the Certificates page shows about one file, made in one background task: the
// file, its description and the device-certificate checks, or why it could not be read.
struct CertificateInspection
{
    std::optional<CertificateFile> file;
    std::optional<Error> error;
    QList<CertificateFieldRow> rows;
    QList<Finding> checks;
    quint64 request = 0; // which request this answers; a newer one makes it stale
};

class CertificateInspector
{
public:
    // Reads and checks `path` on a pool thread; the caller never waits.
    static QFuture<CertificateInspection> inspectFile(const QString &path, const QString &password,
                                                      const ExpectedDeviceIdentity &expected,
                                                      quint64 request);
    // Checks an already opened file again, e.g. against a newly loaded status.
    static QFuture<CertificateInspection>
    recheck(const CertificateFile &file, const ExpectedDeviceIdentity &expected, quint64 request);
    static CertificateInspection inspect(const CertificateFile &file,
                                         const ExpectedDeviceIdentity &expected);
};

} // namespace Entra
