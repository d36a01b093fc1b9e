<?xml version="1.0" encoding="UTF-8"?>
<!--
  Rewrites an ISO-skeleton Schematron XSLT (such as the Peppol and EN 16931 artefacts) without changing its output.
  The skeleton puts a bare <xsl:apply-templates/> inside every svrl:active-pattern: in the default mode, where the only
  rules are match="/" and an empty match="text()", that walks the whole document and emits nothing. Peppol's 13
  patterns make 13 such walks per invoice. The rewrite drops them, and only when the stylesheet is exactly of that
  shape (no other default-mode rules, no imports or includes); anything else is copied unchanged.
-->
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:svrl="http://purl.oclc.org/dsdl/svrl">

  <xsl:variable name="stylesheet" select="/*"/>
  <xsl:variable name="idle-walks-are-idle" as="xs:boolean" xmlns:xs="http://www.w3.org/2001/XMLSchema"
      select="empty($stylesheet/(xsl:import | xsl:include))
              and exists($stylesheet/xsl:template[not(@mode)][@match = 'text()'][empty(* | text()[normalize-space()])])
              and empty($stylesheet/xsl:template[not(@mode)][@match][not(@match = ('/', 'text()'))])"/>

  <xsl:template match="@* | node()">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="svrl:active-pattern/xsl:apply-templates[empty(@* | *)][$idle-walks-are-idle]"/>
</xsl:stylesheet>
