#include "Icons.h"

#include <QGuiApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QtMath>

namespace Icons {
namespace {

const char* themeName(Glyph g)
{
    switch (g) {
    case Glyph::Backup:
        return "document-save";
    case Glyph::Restore:
        return "document-revert";
    case Glyph::Delete:
        return "edit-delete";
    case Glyph::Copy:
        return "edit-copy";
    case Glyph::Refresh:
        return "view-refresh";
    case Glyph::Settings:
        return "preferences-system";
    case Glyph::Cancel:
        return "process-stop";
    case Glyph::Server:
        return "network-server";
    case Glyph::AllServers:
        return "view-list-details";
    case Glyph::Search:
        return "edit-find";
    case Glyph::Warning:
        return "dialog-warning";
    case Glyph::Information:
        return "dialog-information";
    case Glyph::Open:
        return "document-open";
    case Glyph::Import:
        return "document-import";
    case Glyph::Folder:
        return "folder";
    case Glyph::File:
        return "text-x-generic";
    case Glyph::Symlink:
        return "inode-symlink";
    case Glyph::Browse:
        return "folder-open";
    case Glyph::Compare:
        return "view-split-left-right";
    case Glyph::Download:
        return "document-save-as";
    case Glyph::Added:
    case Glyph::Removed:
    case Glyph::Changed:
        return ""; // the compare view's own colours, never the theme's
    }
    return "";
}

void arrowHead(QPainter& p, QPointF tip, qreal angleDeg, qreal size)
{
    const qreal a = qDegreesToRadians(angleDeg);
    QPainterPath head;
    head.moveTo(tip);
    head.lineTo(tip - QPointF(qCos(a - 0.5), qSin(a - 0.5)) * size);
    head.lineTo(tip - QPointF(qCos(a + 0.5), qSin(a + 0.5)) * size);
    head.closeSubpath();
    p.fillPath(head, p.pen().color());
}

// Draws one glyph in a 24×24 box with the given ink.
void draw(QPainter& p, Glyph g, const QColor& ink)
{
    QPen pen(ink, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    switch (g) {
    case Glyph::Backup: // arrow up into a tray
        p.drawLine(QPointF(12, 15), QPointF(12, 4));
        arrowHead(p, QPointF(12, 3), -90, 6);
        p.drawPolyline(QPolygonF({QPointF(4, 14), QPointF(4, 20), QPointF(20, 20), QPointF(20, 14)}));
        break;
    case Glyph::Restore: // counter-clockwise arrow
        p.drawArc(QRectF(4, 5, 16, 15), 200 * 16, -290 * 16);
        arrowHead(p, QPointF(3.5, 9.5), 110, 6);
        break;
    case Glyph::Refresh:
        p.drawArc(QRectF(4, 4, 16, 16), 60 * 16, 280 * 16);
        arrowHead(p, QPointF(17.5, 5), -30, 6);
        break;
    case Glyph::Delete: // trash can
        p.drawLine(QPointF(4, 6), QPointF(20, 6));
        p.drawPolyline(QPolygonF({QPointF(9, 6), QPointF(9, 3.5), QPointF(15, 3.5), QPointF(15, 6)}));
        p.drawPolygon(QPolygonF({QPointF(6, 6), QPointF(7, 21), QPointF(17, 21), QPointF(18, 6)}));
        p.drawLine(QPointF(10, 10), QPointF(10, 17));
        p.drawLine(QPointF(14, 10), QPointF(14, 17));
        break;
    case Glyph::Copy:
        p.drawRoundedRect(QRectF(8, 8, 12, 13), 1.5, 1.5);
        p.drawPolyline(QPolygonF({QPointF(5, 16), QPointF(4, 16), QPointF(4, 3), QPointF(16, 3), QPointF(16, 4)}));
        break;
    case Glyph::Settings: { // gear
        p.drawEllipse(QPointF(12, 12), 3, 3);
        p.drawEllipse(QPointF(12, 12), 6.5, 6.5);
        QPen teeth = pen;
        teeth.setWidthF(3);
        p.setPen(teeth);
        for (int i = 0; i < 8; ++i) {
            const qreal a = qDegreesToRadians(i * 45.0);
            p.drawLine(QPointF(12 + 7 * qCos(a), 12 + 7 * qSin(a)), QPointF(12 + 9.5 * qCos(a), 12 + 9.5 * qSin(a)));
        }
        break;
    }
    case Glyph::Cancel: {
        const QColor red(0xc0, 0x39, 0x2b);
        p.setPen(QPen(red, 2));
        p.setBrush(red);
        p.drawEllipse(QPointF(12, 12), 9, 9);
        p.setPen(QPen(Qt::white, 2.4, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(8.5, 8.5), QPointF(15.5, 15.5));
        p.drawLine(QPointF(15.5, 8.5), QPointF(8.5, 15.5));
        break;
    }
    case Glyph::Server:
        p.drawRoundedRect(QRectF(4, 4, 16, 7), 1.5, 1.5);
        p.drawRoundedRect(QRectF(4, 13, 16, 7), 1.5, 1.5);
        p.setBrush(ink);
        p.drawEllipse(QPointF(8, 7.5), 0.8, 0.8);
        p.drawEllipse(QPointF(8, 16.5), 0.8, 0.8);
        break;
    case Glyph::AllServers:
        for (int y : {4, 13})
            for (int x : {4, 13})
                p.drawRoundedRect(QRectF(x, y, 7, 7), 1.5, 1.5);
        break;
    case Glyph::Search:
        p.drawEllipse(QPointF(10, 10), 6, 6);
        p.setPen(QPen(ink, 3, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(14.5, 14.5), QPointF(20, 20));
        break;
    case Glyph::Warning: {
        const QColor amber(0xe6, 0x9b, 0x00);
        QPainterPath tri;
        tri.moveTo(12, 2.5);
        tri.lineTo(22, 20.5);
        tri.lineTo(2, 20.5);
        tri.closeSubpath();
        p.setPen(QPen(amber, 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(amber);
        p.drawPath(tri);
        p.setPen(QPen(Qt::white, 2.4, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(12, 8.5), QPointF(12, 14));
        p.drawPoint(QPointF(12, 17.5));
        break;
    }
    case Glyph::Information: {
        const QColor blue(0x2d, 0x6c, 0xdf);
        p.setPen(Qt::NoPen);
        p.setBrush(blue);
        p.drawEllipse(QPointF(12, 12), 10, 10);
        p.setPen(QPen(Qt::white, 2.4, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(12, 11), QPointF(12, 17));
        p.drawPoint(QPointF(12, 7));
        break;
    }
    case Glyph::Open:
    case Glyph::Import:
        p.drawPolygon(
            QPolygonF({QPointF(3, 6), QPointF(9, 6), QPointF(11, 8), QPointF(21, 8), QPointF(21, 19), QPointF(3, 19)}));
        if (g == Glyph::Import) {
            p.drawLine(QPointF(12, 10.5), QPointF(12, 16));
            arrowHead(p, QPointF(12, 17), 90, 5);
        }
        break;
    case Glyph::Folder:
    case Glyph::Browse: {
        const QColor manila(0xd9, 0xa4, 0x41);
        p.setPen(QPen(manila.darker(140), 1.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(manila);
        p.drawPolygon(QPolygonF(
            {QPointF(3, 5), QPointF(9, 5), QPointF(11, 7.5), QPointF(21, 7.5), QPointF(21, 19), QPointF(3, 19)}));
        if (g == Glyph::Browse) {
            p.setPen(QPen(ink, 2.2, Qt::SolidLine, Qt::RoundCap));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QPointF(13, 13), 3.5, 3.5);
            p.drawLine(QPointF(15.8, 15.8), QPointF(19, 19));
        }
        break;
    }
    case Glyph::File:
    case Glyph::Symlink:
        p.setPen(QPen(ink, 1.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(QGuiApplication::palette().color(QPalette::Base));
        p.drawPolygon(QPolygonF({QPointF(6, 3), QPointF(14, 3), QPointF(19, 8), QPointF(19, 21), QPointF(6, 21)}));
        p.drawPolyline(QPolygonF({QPointF(14, 3), QPointF(14, 8), QPointF(19, 8)}));
        if (g == Glyph::Symlink) { // a bent arrow in the corner
            p.setPen(QPen(QColor(0x2d, 0x6c, 0xdf), 2, Qt::SolidLine, Qt::RoundCap));
            p.drawPolyline(QPolygonF({QPointF(9, 18), QPointF(9, 13), QPointF(14, 13)}));
            arrowHead(p, QPointF(15.5, 13), 0, 4.5);
        }
        break;
    case Glyph::Compare:
        p.drawRoundedRect(QRectF(3, 4, 8, 16), 1.5, 1.5);
        p.drawRoundedRect(QRectF(13, 4, 8, 16), 1.5, 1.5);
        break;
    case Glyph::Download:
        p.drawLine(QPointF(12, 3), QPointF(12, 14));
        arrowHead(p, QPointF(12, 15.5), 90, 6);
        p.drawPolyline(QPolygonF({QPointF(4, 14), QPointF(4, 20), QPointF(20, 20), QPointF(20, 14)}));
        break;
    case Glyph::Added:
    case Glyph::Removed:
    case Glyph::Changed: {
        // Green plus, red minus, amber dot: the compare view's three kinds, told apart by shape as well.
        const QColor c = g == Glyph::Added     ? QColor(0x2e, 0x7d, 0x32)
                         : g == Glyph::Removed ? QColor(0xb3, 0x26, 0x1e)
                                               : QColor(0xc7, 0x7c, 0x00);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(QPointF(12, 12), 9, 9);
        p.setPen(QPen(Qt::white, 2.6, Qt::SolidLine, Qt::RoundCap));
        if (g != Glyph::Changed)
            p.drawLine(QPointF(7.5, 12), QPointF(16.5, 12));
        if (g == Glyph::Added)
            p.drawLine(QPointF(12, 7.5), QPointF(12, 16.5));
        if (g == Glyph::Changed) {
            p.setBrush(Qt::white);
            p.drawEllipse(QPointF(12, 12), 2.2, 2.2);
        }
        break;
    }
    }
}

QIcon drawn(Glyph g)
{
    const QColor ink = QGuiApplication::palette().color(QPalette::WindowText);
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48}) {
        for (qreal dpr : {1.0, 2.0}) {
            QPixmap pm(QSize(size, size) * dpr);
            pm.setDevicePixelRatio(dpr);
            pm.fill(Qt::transparent);
            QPainter p(&pm);
            p.setRenderHint(QPainter::Antialiasing);
            p.scale(size / 24.0, size / 24.0);
            draw(p, g, ink);
            p.end();
            icon.addPixmap(pm);
        }
    }
    return icon;
}

} // namespace

QIcon icon(Glyph glyph)
{
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(glyph));
    if (it != cache.constEnd())
        return *it;
    const QIcon result = QIcon::fromTheme(QString::fromLatin1(themeName(glyph)), drawn(glyph));
    cache.insert(int(glyph), result);
    return result;
}

QImage applicationImage(int size)
{
    // Mirrors resources/pouch.svg (256×256 design): a teal pouch, a gold collar, a drawstring and a
    // white "back up" circular arrow.
    QImage img(size, size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 256.0, size / 256.0);

    QPainterPath body;
    body.moveTo(72, 76);
    body.cubicTo(34, 116, 30, 204, 80, 228);
    body.cubicTo(110, 242, 146, 242, 176, 228);
    body.cubicTo(226, 204, 222, 116, 184, 76);
    body.closeSubpath();
    p.setPen(QPen(QColor(0x1d, 0x6f, 0x65), 8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(QColor(0x2a, 0x9d, 0x8f));
    p.drawPath(body);

    QPainterPath collar;
    collar.moveTo(88, 30);
    collar.lineTo(168, 30);
    collar.lineTo(186, 76);
    collar.lineTo(70, 76);
    collar.closeSubpath();
    p.setPen(QPen(QColor(0xb0, 0x8d, 0x35), 8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(QColor(0xe9, 0xc4, 0x6a));
    p.drawPath(collar);

    QPainterPath cord;
    cord.moveTo(64, 78);
    cord.quadTo(128, 104, 192, 78);
    p.setPen(QPen(QColor(0x26, 0x46, 0x53), 10, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(Qt::NoBrush);
    p.drawPath(cord);

    p.setPen(QPen(Qt::white, 14, Qt::SolidLine, Qt::RoundCap));
    p.drawArc(QRectF(84, 118, 88, 88), 200 * 16, -300 * 16);
    QPainterPath head;
    head.moveTo(66, 164);
    head.lineTo(106, 164);
    head.lineTo(86, 192);
    head.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    p.drawPath(head);
    return img;
}

QIcon application()
{
    QIcon fallback;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        fallback.addPixmap(QPixmap::fromImage(applicationImage(size)));
    return QIcon::fromTheme(QStringLiteral("pouch"), fallback);
}

} // namespace Icons
