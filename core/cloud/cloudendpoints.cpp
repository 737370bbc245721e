#include "cloudendpoints.h"

namespace Entra {

CloudEndpoints CloudEndpoints::fromBase(const QUrl &base)
{
    CloudEndpoints endpoints;
    endpoints.login = endpoints.drs = endpoints.graph = base;
    return endpoints;
}

QUrl CloudEndpoints::resolve(const QUrl &host, const QString &path)
{
    QUrl url = host;
    QString basePath = url.path();
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    const qsizetype query = path.indexOf(u'?');
    url.setPath(basePath + (query < 0 ? path : path.left(query)));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

} // namespace Entra
