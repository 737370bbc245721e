#include "opensslutil_p.h"

#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace Entra::OpenSsl {

Error error(const QString &message, const QString &fix)
{
    QStringList queue;
    while (const unsigned long code = ERR_get_error()) {
        char text[256] = {};
        ERR_error_string_n(code, text, sizeof(text));
        queue << QString::fromLatin1(text);
    }
    Error result;
    result.domain = ErrorDomain::Crypto;
    result.message = message;
    result.fix = fix;
    result.detail = queue.join(u"; "_s);
    return result;
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(length));
}

} // namespace Entra::OpenSsl
