#pragma once

#include <QString>
#include <QUrl>

namespace Entra {

// Where the cloud lives. The defaults are Microsoft's hosts; `--cloud BASE` replaces every host
// with one base URL and keeps the paths (PROTOCOL.md, "Routing"), which is how fakecloud serves
// them all.
struct CloudEndpoints
{
    QUrl login = QUrl(QStringLiteral("https://login.microsoftonline.com"));
    QUrl drs = QUrl(QStringLiteral("https://enterpriseregistration.windows.net"));
    QUrl graph = QUrl(QStringLiteral("https://graph.microsoft.com"));

    static CloudEndpoints microsoft() { return {}; }
    static CloudEndpoints fromBase(const QUrl &base);

    static QUrl resolve(const QUrl &host, const QString &path); // path starts with '/'
};

} // namespace Entra
