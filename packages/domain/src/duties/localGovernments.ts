import { REGIONS } from '../reference/regions';

/**
 * Local governments a school may sign a 产教协同综合性战略合作协议 with (notice 三(二)): the 17 市州 and their 县市区,
 * by GB/T 2260 code. A minimal list kept apart from the regions reference on purpose: issue 19 part 1 brings a full
 * county reference; when it lands this file should read from it instead. Verification: P (typed from the 2023
 * 民政部 县级以上行政区划代码 list; codes of 县 renamed since then, e.g. 监利市, 京山市, follow their new names).
 */
const COUNTIES: Record<string, string> = {
  '420100': '江岸区 420102 江汉区 420103 硚口区 420104 汉阳区 420105 武昌区 420106 青山区 420107 洪山区 420111 东西湖区 420112 汉南区 420113 蔡甸区 420114 江夏区 420115 黄陂区 420116 新洲区 420117',
  '420200': '黄石港区 420202 西塞山区 420203 下陆区 420204 铁山区 420205 阳新县 420222 大冶市 420281',
  '420300': '茅箭区 420302 张湾区 420303 郧阳区 420304 郧西县 420322 竹山县 420323 竹溪县 420324 房县 420325 丹江口市 420381',
  '420500': '西陵区 420502 伍家岗区 420503 点军区 420504 猇亭区 420505 夷陵区 420506 远安县 420525 兴山县 420526 秭归县 420527 长阳土家族自治县 420528 五峰土家族自治县 420529 宜都市 420581 当阳市 420582 枝江市 420583',
  '420600': '襄城区 420602 樊城区 420606 襄州区 420607 南漳县 420624 谷城县 420625 保康县 420626 老河口市 420682 枣阳市 420683 宜城市 420684',
  '420700': '梁子湖区 420702 华容区 420703 鄂城区 420704',
  '420800': '东宝区 420802 掇刀区 420804 沙洋县 420822 钟祥市 420881 京山市 420882',
  '420900': '孝南区 420902 孝昌县 420921 大悟县 420922 云梦县 420923 应城市 420981 安陆市 420982 汉川市 420984',
  '421000': '沙市区 421002 荆州区 421003 公安县 421022 江陵县 421024 石首市 421081 洪湖市 421083 松滋市 421087 监利市 421088',
  '421100': '黄州区 421102 团风县 421121 红安县 421122 罗田县 421123 英山县 421124 浠水县 421125 蕲春县 421126 黄梅县 421127 麻城市 421181 武穴市 421182',
  '421200': '咸安区 421202 嘉鱼县 421221 通城县 421222 崇阳县 421223 通山县 421224 赤壁市 421281',
  '421300': '曾都区 421303 随县 421321 广水市 421381',
  '422800': '恩施市 422801 利川市 422802 建始县 422822 巴东县 422823 宣恩县 422825 咸丰县 422826 来凤县 422827 鹤峰县 422828',
};

export interface LocalGovernment {
  code: string;
  /** The area's name (襄阳市, 枣阳市); the party is its 人民政府. */
  areaName: string;
  /** The government as a party: 襄阳市人民政府, 襄阳市枣阳市人民政府 reads wrong, so counties carry their own name. */
  name: string;
  level: 'city' | 'county';
  /** The 市州 it belongs to (itself for a 市州): whose bureau files and confirms for it. */
  regionCode: string;
}

export const LOCAL_GOVERNMENTS: readonly LocalGovernment[] = Object.freeze(
  REGIONS.flatMap((r): LocalGovernment[] => {
    const words = (COUNTIES[r.code] ?? '').split(' ').filter(Boolean);
    const counties: LocalGovernment[] = [];
    for (let i = 0; i < words.length; i += 2) counties.push({ code: words[i + 1], areaName: words[i], name: `${words[i]}人民政府`, level: 'county', regionCode: r.code });
    return [{ code: r.code, areaName: r.name, name: `${r.name}人民政府`, level: 'city', regionCode: r.code }, ...counties];
  }),
);

const BY_CODE = new Map(LOCAL_GOVERNMENTS.map((g) => [g.code, g]));

export function localGovernmentByCode(code: string): LocalGovernment | undefined {
  return BY_CODE.get(code);
}
