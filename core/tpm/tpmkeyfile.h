#pragma once

#include "common/result.h"
#include "tpmkeyblob.h"

#include <QDateTime>

namespace Entra {

// One TPM key on disk: a small JSON document with the marshalled blobs (base64), 0600.
struct TpmKeyRecord
{
    QString keyId;
    TpmKeyBlob blob;
    bool pinProtected = false;
    bool fromPool = false;
    QDateTime created;
};

class TpmKeyFile
{
public:
    static QByteArray encode(const TpmKeyRecord &record);
    static Result<TpmKeyRecord> decode(const QByteArray &json);
    static Status save(const QString &path, const TpmKeyRecord &record);
    static Result<TpmKeyRecord> load(const QString &path);
};

} // namespace Entra
