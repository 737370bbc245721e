#include "bundlereexport.h"

#include <QFile>

namespace Entra::Bundle {
namespace {

// tpm.json and the PEM files are small; anything far larger is not what the writer made.
constexpr qint64 kMaxSmallEntry = qint64(4) << 20;

QByteArray readSmall(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(kMaxSmallEntry) : QByteArray();
}

} // namespace

SupportBundleContent BundleReexport::contentOf(const ImportedBundle &bundle)
{
    SupportBundleContent content;
    content.snapshot = bundle.snapshot;
    if (!bundle.tpmFile.isEmpty()) {
        if (Result<TpmReport> tpm = TpmReport::fromJson(readSmall(bundle.tpmFile)))
            content.tpm = std::move(tpm).value();
    }
    for (const QString &path : bundle.certificateFiles) {
        if (Result<DeviceCertificate> certificate = DeviceCertificate::fromData(readSmall(path)))
            content.certificates << std::move(certificate).value();
    }
    content.eventFiles = bundle.eventFiles;
    return content;
}

} // namespace Entra::Bundle
