#include "reportsvg.h"

#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle::ReportSvg {

using Events::EventHistogram;

QString healthColour(Health health)
{
    switch (health) {
    case Health::Good:
        return u"#2e7d32"_s;
    case Health::Warning:
        return u"#c77c02"_s;
    case Health::Problem:
        return u"#c62828"_s;
    case Health::NotApplicable:
    case Health::Unknown:
        break;
    }
    return u"#757575"_s;
}

QString outcomeColour(CheckOutcome outcome)
{
    switch (outcome) {
    case CheckOutcome::Fail:
        return u"#c62828"_s;
    case CheckOutcome::Warn:
        return u"#b26a00"_s;
    case CheckOutcome::Info:
        return u"#1565c0"_s;
    case CheckOutcome::Pass:
        return u"#2e7d32"_s;
    case CheckOutcome::Skip:
        break;
    }
    return u"#757575"_s;
}

QString levelColour(EventHistogram::LevelClass level)
{
    switch (level) {
    case EventHistogram::Critical:
        return u"#7f0000"_s;
    case EventHistogram::Error:
        return u"#d32f2f"_s;
    case EventHistogram::Warning:
        return u"#f2a900"_s;
    case EventHistogram::Information:
        return u"#90a4ae"_s;
    case EventHistogram::Verbose:
    case EventHistogram::LevelClassCount:
        break;
    }
    return u"#cfd8dc"_s;
}

QString levelClassName(EventHistogram::LevelClass level)
{
    switch (level) {
    case EventHistogram::Critical:
        return u"Critical"_s;
    case EventHistogram::Error:
        return u"Error"_s;
    case EventHistogram::Warning:
        return u"Warning"_s;
    case EventHistogram::Information:
        return u"Information"_s;
    case EventHistogram::Verbose:
    case EventHistogram::LevelClassCount:
        break;
    }
    return u"Verbose"_s;
}

QString statusIcon(Health health, int size)
{
    QString glyph;
    switch (health) {
    case Health::Good:
        glyph = u"<path d=\"M7 12.4l3.3 3.3L17.2 8.8\" fill=\"none\" stroke=\"#fff\" "
                u"stroke-width=\"2.6\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"_s;
        break;
    case Health::Warning:
        glyph = u"<path d=\"M12 6.6v7.2\" stroke=\"#fff\" stroke-width=\"2.6\" "
                u"stroke-linecap=\"round\"/><circle cx=\"12\" cy=\"17.4\" r=\"1.5\" "
                u"fill=\"#fff\"/>"_s;
        break;
    case Health::Problem:
        glyph = u"<path d=\"M8.2 8.2l7.6 7.6M15.8 8.2l-7.6 7.6\" stroke=\"#fff\" "
                u"stroke-width=\"2.6\" stroke-linecap=\"round\"/>"_s;
        break;
    case Health::NotApplicable:
        glyph = u"<path d=\"M7.5 12h9\" stroke=\"#fff\" stroke-width=\"2.6\" "
                u"stroke-linecap=\"round\"/>"_s;
        break;
    case Health::Unknown:
        glyph = u"<text x=\"12\" y=\"16.6\" text-anchor=\"middle\" font-size=\"13\" "
                u"font-weight=\"700\" font-family=\"sans-serif\" fill=\"#fff\">?</text>"_s;
        break;
    }
    return u"<svg class=\"icon\" width=\"%1\" height=\"%1\" viewBox=\"0 0 24 24\" "
           u"aria-hidden=\"true\"><circle cx=\"12\" cy=\"12\" r=\"11\" fill=\"%2\"/>%3</svg>"_s
               .arg(size)
               .arg(healthColour(health), glyph);
}

namespace {

QString timeLabel(const QDateTime &time, qint64 bucketMs, bool withDate)
{
    const QDateTime utc = time.toUTC();
    if (bucketMs >= 24 * 3600 * 1000LL)
        return utc.toString(u"yyyy-MM-dd"_s);
    if (withDate)
        return utc.toString(bucketMs < 60000 ? u"yyyy-MM-dd HH:mm:ss"_s : u"yyyy-MM-dd HH:mm"_s);
    return utc.toString(bucketMs < 60000 ? u"HH:mm:ss"_s : u"HH:mm"_s);
}

QString number(qint64 n)
{
    return QLocale::c().toString(n);
}

} // namespace

QString histogram(const EventHistogram &h)
{
    if (h.isEmpty())
        return {};
    constexpr double width = 960, height = 200, left = 52, right = 8, top = 10, bottom = 30;
    const double plotW = width - left - right;
    const double plotH = height - top - bottom;
    const qint64 most = qMax<qint64>(1, h.maxTotal());
    const double slot = plotW / double(h.buckets.size());
    const double barW = qMax(1.0, slot * (h.buckets.size() > 1 ? 0.78 : 0.3));

    QString svg;
    svg += u"<svg class=\"histogram\" viewBox=\"0 0 %1 %2\" role=\"img\" "
           u"aria-label=\"Events over time, stacked by level\" "
           u"font-family=\"system-ui, 'Segoe UI', Roboto, Arial, sans-serif\" font-size=\"11\">"_s
               .arg(width)
               .arg(height);
    // Grid lines with their counts.
    for (int i = 0; i <= 2; ++i) {
        const double y = top + plotH - plotH * i / 2.0;
        const qint64 value = most * i / 2;
        if (i > 0 && value == most * (i - 1) / 2)
            continue; // a maximum of 1 has no middle line
        svg += u"<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"%4\" "
               u"stroke-width=\"1\"/>"_s.arg(left)
                   .arg(y, 0, 'f', 1)
                   .arg(width - right)
                   .arg(i == 0 ? u"#9aa5b1"_s : u"#e3e7ec"_s);
        svg += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" fill=\"#5f6b7a\">%3</text>"_s
                   .arg(left - 6)
                   .arg(y + 4, 0, 'f', 1)
                   .arg(number(value));
    }
    for (qsizetype b = 0; b < h.buckets.size(); ++b) {
        const EventHistogram::Bucket &bucket = h.buckets.at(b);
        const qint64 total = bucket.total();
        if (total == 0)
            continue;
        const double x = left + slot * double(b) + (slot - barW) / 2;
        QStringList parts;
        for (int level = 0; level < EventHistogram::LevelClassCount; ++level) {
            if (bucket.counts[level])
                parts << u"%1 %2"_s.arg(
                    number(bucket.counts[level]),
                    levelClassName(EventHistogram::LevelClass(level)).toLower());
        }
        svg += u"<g><title>%1 \u2013 %2 UTC: %3 events (%4)</title>"_s.arg(
            timeLabel(h.bucketStart(b), h.bucketMs, true),
            timeLabel(h.bucketEnd(b), h.bucketMs, false), number(total), parts.join(u", "_s));
        double y = top + plotH;
        for (int level = 0; level < EventHistogram::LevelClassCount; ++level) {
            const qint64 count = bucket.counts[level];
            if (!count)
                continue;
            const double barH = qMax(1.0, plotH * double(count) / double(most));
            y -= barH;
            svg += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>"_s
                       .arg(x, 0, 'f', 1)
                       .arg(y, 0, 'f', 1)
                       .arg(barW, 0, 'f', 1)
                       .arg(barH, 0, 'f', 1)
                       .arg(levelColour(EventHistogram::LevelClass(level)));
        }
        svg += u"</g>"_s;
    }
    // Time labels: the start, the middle and the end.
    const qsizetype n = h.buckets.size();
    const bool sameDay
        = h.bucketStart(0).toUTC().date() == h.bucketEnd(n - 1).addMSecs(-1).toUTC().date();
    struct Label
    {
        double x;
        QString text;
        const char16_t *anchor;
    };
    QList<Label> labels { { left, timeLabel(h.bucketStart(0), h.bucketMs, true), u"start" } };
    if (n >= 4)
        labels << Label { left + slot * double(n / 2),
                          timeLabel(h.bucketStart(n / 2), h.bucketMs, !sameDay), u"middle" };
    labels << Label { width - right,
                      timeLabel(h.bucketEnd(n - 1), h.bucketMs, !sameDay) + u" UTC"_s, u"end" };
    for (const Label &label : std::as_const(labels))
        svg += u"<text x=\"%1\" y=\"%2\" text-anchor=\"%3\" fill=\"#5f6b7a\">%4</text>"_s
                   .arg(label.x, 0, 'f', 1)
                   .arg(height - 10)
                   .arg(QString::fromUtf16(label.anchor), label.text);
    svg += u"</svg>"_s;
    return svg;
}

} // namespace Entra::Bundle::ReportSvg
