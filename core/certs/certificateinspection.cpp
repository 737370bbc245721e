#include "certificateinspection.h"

#include <QtConcurrent>

namespace Entra {

CertificateInspection CertificateInspector::inspect(const CertificateFile &file,
                                                    const ExpectedDeviceIdentity &expected)
{
    CertificateInspection result;
    DeviceCertificateCheckInput input;
    input.certificate = file.certificate();
    input.expected = expected;
    input.filePrivateKeyDer = file.privateKeyDer;
    input.now = QDateTime::currentDateTimeUtc();
    result.checks = checkDeviceCertificate(input);
    result.rows = describeCertificate(file.certificate());
    result.file = file;
    return result;
}

QFuture<CertificateInspection>
CertificateInspector::inspectFile(const QString &path, const QString &password,
                                  const ExpectedDeviceIdentity &expected, quint64 request)
{
    return QtConcurrent::run([path, password, expected, request] {
        Result<CertificateFile> file = CertificateFile::load(path, password);
        CertificateInspection result;
        if (file)
            result = inspect(*file, expected);
        else
            result.error = file.error();
        result.request = request;
        return result;
    });
}

QFuture<CertificateInspection> CertificateInspector::recheck(const CertificateFile &file,
                                                             const ExpectedDeviceIdentity &expected,
                                                             quint64 request)
{
    return QtConcurrent::run([file, expected, request] {
        CertificateInspection result = inspect(file, expected);
        result.request = request;
        return result;
    });
}

} // namespace Entra
